"""Generate the demo hall's service guides (办事指南), ~700 items, into ``demo_guides.json``.

    python -m kiosk.central.gen_guides            # rewrites kiosk/central/demo_guides.json

Fictitious demo data built from the patterns public hall catalogues follow (../shared/halls.md):
an object (a right, a document, an insurance, an entity type) times an action (first
registration, transfer, change, cancellation, reissue …), each family with its own materials,
legal basis, time limits and fees. The hand-written items of ``demo_items.toml`` are included
with their codes (other journeys file cases under them). Deterministic: the same run gives
the same file, so the committed output only changes when this script does.

Each item: code, name/name_en, category (the ticket category: windows, prefix), zone, floor,
windows, theme (one of the 15 broad categories), life_events, popularity (0–999, ranks search
ties), self_service, conditions(_en), materials (name/name_en, original, copies, required,
lenient = may follow later, 容缺受理), accept_missing, process(_en), legal_basis,
time_limit (legal_days statutory, promised_days the hall's promise, 0 = on the spot),
fees(_en), online_url, notes(_en).
"""
from __future__ import annotations

import json
import random
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "demo_guides.json"
ONLINE = "https://zwfw.example.gov.cn/guide/"  # fictitious: example.gov.cn is not a hall's

#: the 15 broad categories (主题分类) a citizen browses by; code → (zh, en)
THEMES = {
    "identity": ("户籍身份", "Household & identity"),
    "exit_entry": ("出入境", "Exit & entry"),
    "social_insurance": ("社会保险", "Social insurance"),
    "medical": ("医疗保障", "Medical insurance"),
    "employment": ("就业创业", "Employment & start-ups"),
    "talent": ("人才人事", "Talent & personnel"),
    "housing_fund": ("住房公积金", "Housing provident fund"),
    "tax": ("税费缴纳", "Taxes & fees"),
    "property": ("不动产登记", "Property registration"),
    "housing": ("房屋交易与保障", "Housing trade & support"),
    "business": ("市场主体", "Businesses"),
    "construction": ("工程建设", "Construction projects"),
    "family": ("婚姻生育收养", "Marriage, birth & adoption"),
    "welfare": ("社会救助与养老", "Assistance, elderly & disability"),
    "education_health": ("教育卫生", "Education & health"),
}

#: life events (人生事) and the words in an item's name that put it there
LIFE_EVENTS = {
    "birth": ("出生", "Having a baby", ("出生", "新生儿", "生育", "预防接种", "独生子女")),
    "school": ("上学", "Going to school", ("入学", "转学", "学校", "毕业生", "教师资格")),
    "work": ("就业失业", "Work & unemployment",
             ("就业", "失业", "创业", "档案", "职称", "技能", "劳动", "工作许可", "稳岗")),
    "marriage": ("结婚", "Getting married", ("结婚", "婚姻", "夫妻")),
    "home": ("购房", "Buying a home",
             ("商品房", "二手房", "购房", "网签", "契税", "房屋所有权", "预告", "抵押",
                 "公积金贷款",
              "偿还住房贷款", "购买自住住房", "维修资金")),
    "business": ("开办企业", "Starting a business",
                 ("设立登记", "企业名称", "印章", "发票领用", "单位参保", "单位缴存", "开业")),
    "retirement": ("退休", "Retiring", ("退休", "养老金", "高龄", "老年", "领取资格")),
    "death": ("身后事", "When someone dies",
              ("死亡", "丧葬", "火化", "抚恤", "殡葬", "继承", "公墓", "骨灰", "一次性支付")),
    "abroad": ("出国出境", "Travelling abroad", ("护照", "港澳", "台湾", "出入境", "签注")),
    "disability": ("残疾", "Disability", ("残疾", "劳动能力")),
}

ID = ("居民身份证", "Resident ID card")
HUKOU = ("居民户口簿", "Household register (hukou booklet)")
FORM = ("申请表", "Application form")
PROXY = ("授权委托书及受托人身份证（委托办理时）", "Power of attorney and agent's ID (if by agent)")
PHOTO = ("近期免冠证件照片", "Recent ID photo")
MARRIAGE = ("结婚证", "Marriage certificate")
BIRTH_CERT = ("出生医学证明", "Medical birth certificate")
PROPERTY_CERT = ("不动产权证书", "Property certificate")
LICENCE = ("营业执照", "Business licence")
ARTICLES = ("公司章程", "Articles of association")
RESOLUTION = ("股东会决议或决定", "Shareholders' resolution")
PREMISES = ("住所（经营场所）使用证明", "Proof of the use of premises")
LABOUR = ("劳动合同", "Labour contract")
BANK = ("本人银行卡", "Own bank card")
SSC = ("社会保障卡", "Social security card")
PLAN = ("建设工程设计方案及图纸", "Design scheme and drawings")
LAND = ("用地批准文件", "Land approval document")
CONTRACT = ("施工合同", "Construction contract")
QUALIFY = ("资质证书", "Qualification certificate")
MEDICAL = ("医疗费用票据及费用清单", "Medical invoices and itemised bills")
DIAGNOSIS = ("病历或诊断证明", "Medical records or diagnosis")
INCOME = ("家庭收入及财产情况说明", "Statement of household income and assets")
DEATH = ("死亡医学证明或火化证明", "Medical death certificate or cremation certificate")
RELATION = ("亲属关系证明", "Proof of kinship")
DEGREE = ("学历学位证书", "Diploma and degree certificate")
TAX_PROOF = ("完税凭证", "Tax payment voucher")
SALE = ("房屋买卖合同", "Sale contract")
SURVEY = ("不动产权籍调查成果", "Cadastral survey results")
DISABILITY = ("残疾评定结论或诊断证明", "Disability assessment or diagnosis")
HEALTH = ("卫生管理制度及从业人员健康证明", "Hygiene rules and staff health certificates")
LAYOUT = ("平面布局图及设施设备清单", "Floor plan and list of equipment")

LAWS_EN = {}  # legal bases are given in Chinese only: the laws' official titles


def m(doc, *, copies=1, original=True, required=True, lenient=False) -> dict:
    zh, en = doc
    return {"name": zh, "name_en": en, "copies": copies, "original": original,
            "required": required, "lenient": lenient}


WINDOW_PROCESS = (
    [("网上预审或现场咨询，核对材料", "Pre-check online or ask at the consultation desk"),
     ("取号，到综合受理窗口提交材料，领取受理回执",
         "Take a number, hand in materials, get a receipt"),
     ("后台审核", "The back office decides"),
     ("统一出件窗口领取或选择邮寄", "Collect at the certificate window or by post")])
SELF_PROCESS = (
    [("在自助终端读取身份证并核验人像", "Read the ID card at a self-service kiosk, face check"),
     ("按提示填写并确认", "Fill in and confirm as prompted"),
     ("当场打印或出证", "Printed or issued on the spot")])
ONSPOT_PROCESS = (
    [("取号，到受理窗口提交材料", "Take a number and hand in materials at the window"),
     ("窗口当场审核", "Checked at the window"),
     ("当场办结出证", "Issued on the spot")])


class Family:
    """Items sharing materials, law and time limits: objects × actions."""

    def __init__(self, category, theme, objects, actions=(("", ""),), *, materials=(ID, FORM),
                 extra=None, law=("",), legal=20, promised=5, fees=("不收费", "Free of charge"),
                 conditions=None, process=WINDOW_PROCESS, popularity=200, skip=(),
                 en="{action} – {obj}", self_service=False, lenient=(), names=None,
                 notes=()) -> None:
        self.__dict__.update(locals())
        del self.__dict__["self"]


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return "-".join(s.split("-")[:7])


def families() -> list[Family]:
    F = Family
    out: list[F] = []
    # ---------------------------------------------------------------- A: fund and tax
    out.append(F("fund", "housing_fund", [
        ("购买自住住房提取住房公积金", "Withdrawal to buy an own home"),
        ("偿还住房贷款本息提取住房公积金", "Withdrawal to repay a home loan"),
        ("租赁住房提取住房公积金", "Withdrawal to pay rent"),
        ("出境定居提取住房公积金", "Withdrawal on settling abroad"),
        ("职工死亡或被宣告死亡提取住房公积金", "Withdrawal on the member's death"),
        ("完全丧失劳动能力提取住房公积金", "Withdrawal on total incapacity for work"),
        ("大修自住住房提取住房公积金", "Withdrawal for major repairs of an own home"),
        ("与单位终止劳动关系提取住房公积金", "Withdrawal on leaving employment")],
        en="{obj}", materials=(ID, BANK, ("提取原因证明材料", "Proof of the reason")),
        lenient=(2,), law=("《住房公积金管理条例》",), legal=3, promised=1, popularity=600,
        self_service=True, conditions=[("住房公积金账户状态正常",
            "Fund account in good standing")]))
    out.append(F("fund", "housing_fund", [
        ("住房公积金单位缴存登记", "Employer registration for the housing fund"),
        ("住房公积金个人账户设立", "Opening a personal housing fund account"),
        ("住房公积金个人账户转移", "Transferring a housing fund account"),
        ("住房公积金个人账户封存", "Suspending a housing fund account"),
        ("住房公积金缴存基数调整", "Adjusting the contribution base"),
        ("住房公积金缴存证明打印", "Printing a housing fund contribution record"),
        ("灵活就业人员住房公积金自愿缴存", "Voluntary contributions for the self-employed")],
        en="{obj}", materials=(ID, FORM, LICENCE), law=("《住房公积金管理条例》",), legal=5,
        promised=1, popularity=300))
    out.append(F("fund", "housing_fund", [
        ("住房公积金个人住房贷款申请", "Housing fund home loan application", 620),
        ("住房公积金贷款提前还款", "Early repayment of a housing fund loan", 380),
        ("异地贷款职工住房公积金缴存使用证明", "Contribution record for a loan in another city",
         260)],
        en="{obj}", materials=(ID, MARRIAGE, SALE, ("收入证明", "Proof of income")),
        lenient=(1,), law=("《住房公积金管理条例》",), legal=15, promised=7, popularity=450))
    out.append(F("tax", "tax", [
        ("个人所得税综合所得年度汇算", "Annual individual income tax reconciliation"),
        ("二手房交易税费申报", "Tax return for a resale home"),
        ("契税申报", "Deed tax return"),
        ("车船税缴纳", "Vehicle and vessel tax"),
        ("印花税申报", "Stamp duty return"),
        ("发票领用", "Obtaining invoices"),
        ("跨区域涉税事项报告", "Report of cross-region tax matters"),
        ("税收完税证明开具", "Tax payment certificate"),
        ("个人所得税专项附加扣除信息采集", "Special additional deductions for income tax"),
        ("残疾人就业保障金申报", "Disability employment security fund return")],
        en="{obj}", materials=(ID, ("相关合同或凭证", "Related contracts or vouchers")),
        law=("《中华人民共和国税收征收管理法》",), legal=0, promised=0, process=ONSPOT_PROCESS,
        fees=("按规定缴纳税款，办理不收费", "Tax as assessed; the service is free"),
        popularity=350))
    # ---------------------------------------------------------------- B: property
    rights = [("国有建设用地使用权", "state-owned construction land use right"),
              ("国有建设用地使用权及房屋所有权", "land use right and building ownership"),
              ("宅基地使用权及房屋所有权", "homestead and house ownership"),
              ("集体建设用地使用权", "collective construction land use right"),
              ("土地承包经营权", "land contract management right"),
              ("林权", "forest right"),
              ("海域使用权", "sea area use right"),
              ("抵押权", "mortgage"),
              ("地役权", "easement"),
              ("居住权", "right of habitation"),
              ("国有农用地使用权", "state-owned farmland use right"),
              ("构筑物所有权", "ownership of a structure")]
    kinds = [("首次登记", "First registration"), ("转移登记", "Transfer registration"),
             ("变更登记", "Change registration"), ("注销登记", "Cancellation registration"),
             ("更正登记", "Correction registration")]
    out.append(F("property", "property", rights, kinds, en="{action} of a {obj}",
                 materials=(ID, FORM, PROPERTY_CERT, SURVEY), lenient=(3,),
                 law=("《中华人民共和国民法典》物权编", "《不动产登记暂行条例》"), legal=30,
                 promised=5, fees=("住宅每件80元，非住宅每件550元",
                                   "CNY 80 per home, CNY 550 per non-residential unit"),
                 popularity=250, names="{obj}{action}"))
    out.append(F("property", "property", [
        ("不动产转移登记（新建商品房）", "Transfer registration of a new home", 760),
        ("不动产转移登记（继承）", "Transfer registration of an inherited home", 520),
        ("不动产转移登记（赠与）", "Transfer registration of a gifted home", 480),
        ("不动产转移登记（夫妻间更名）", "Adding or removing a spouse on a home's title", 450),
        ("不动产转移登记（离婚析产）", "Transfer registration after divorce", 380),
        ("不动产转移登记（法院判决）", "Transfer registration by court judgment", 200),
        ("不动产转移登记（司法拍卖）", "Transfer registration after a judicial auction", 180),
        ("不动产转移登记（经济适用住房上市）", "Transfer registration of affordable housing",
         150),
        ("不动产转移登记（房改房上市）", "Transfer registration of a reformed-housing home",
         160)],
        en="{obj}", materials=(ID, HUKOU, PROPERTY_CERT, SALE, TAX_PROOF), lenient=(4,),
        law=("《中华人民共和国民法典》物权编", "《不动产登记暂行条例》"), legal=30, promised=5,
        fees=("住宅每件80元", "CNY 80 per home"), popularity=None))
    out.append(F("property", "property", [
        ("预购商品房预告登记", "Advance notice registration of a pre-sold home"),
        ("预购商品房抵押预告登记", "Advance notice registration of a mortgage"),
        ("预告登记注销", "Cancelling an advance notice registration"),
        ("异议登记", "Objection registration"),
        ("查封登记", "Seizure registration"),
        ("解封登记", "Release of seizure"),
        ("不动产权证书补发", "Reissuing a lost property certificate"),
        ("不动产权证书换发", "Replacing a damaged property certificate"),
        ("不动产登记资料查询（利害关系人）", "Property records query by an interested party"),
        ("不动产单元合并登记", "Merging property units"),
        ("不动产单元分割登记", "Splitting a property unit"),
        ("房屋坐落变更登记", "Change of a property's address"),
        ("最高额抵押权确定登记", "Fixing a maximum-amount mortgage"),
        ("不动产权籍调查", "Cadastral survey of a property")],
        en="{obj}", materials=(ID, FORM, PROPERTY_CERT), legal=30, promised=3,
        law=("《不动产登记暂行条例》", "《不动产登记暂行条例实施细则》"),
        fees=("证书工本费每本10元", "CNY 10 per certificate"), popularity=220))
    out.append(F("housing_trade", "housing", [
        ("存量房买卖合同网签备案", "Online filing of a resale contract"),
        ("商品房买卖合同网签备案", "Online filing of a new-home sale contract"),
        ("网签备案撤销", "Cancelling an online contract filing"),
        ("商品房预售许可", "Pre-sale permit for new homes"),
        ("商品房现售备案", "Filing of completed-home sales"),
        ("房屋租赁登记备案", "Rental registration"),
        ("房屋租赁登记备案注销", "Cancelling a rental registration"),
        ("购房资格审核", "Home purchase eligibility check"),
        ("存量房交易资金监管", "Escrow for a resale transaction"),
        ("新建商品房交付使用备案", "Handover filing of new homes"),
        ("物业服务企业备案", "Filing of a property management company"),
        ("住宅专项维修资金缴存", "Paying into the home maintenance fund"),
        ("住宅专项维修资金使用", "Using the home maintenance fund"),
        ("住宅专项维修资金退还", "Refund from the home maintenance fund"),
        ("房地产经纪机构备案", "Filing of a real-estate agency"),
        ("房屋面积测绘成果备案", "Filing of floor-area survey results"),
        ("家庭住房情况查询", "Household housing record query"),
        ("公共租赁住房申请", "Application for public rental housing"),
        ("保障性租赁住房申请", "Application for affordable rental housing"),
        ("人才公寓申请", "Application for a talent apartment"),
        ("住房租赁补贴申请", "Rent subsidy application"),
        ("共有产权住房申购", "Applying for shared-ownership housing"),
        ("公租房租金减免", "Rent reduction for public rental housing"),
        ("公租房退出", "Leaving public rental housing"),
        ("房屋安全鉴定", "House safety appraisal"),
        ("白蚁防治备案", "Termite control filing"),
        ("房屋征收补偿查询", "Expropriation compensation query"),
        ("房地产开发企业资质核定", "Qualification of a property developer"),
        ("房屋交易合同备案查询", "Query of filed housing contracts")],
        en="{obj}", materials=(ID, FORM, SALE), legal=20, promised=3,
        law=("《城市房地产管理法》", "《商品房屋租赁管理办法》"), popularity=260))
    # ---------------------------------------------------------------- C: police
    hh = [
        ("出生登记（新生儿入户）", "Registering a newborn in the household", (ID, HUKOU,
            BIRTH_CERT, MARRIAGE), 800),
        ("户籍迁入（投靠配偶）", "Moving household registration in: joining a spouse", (ID, HUKOU,
            MARRIAGE), 500),
        ("户籍迁入（投靠父母）", "Moving household registration in: joining parents", (ID, HUKOU,
            RELATION), 420),
        ("户籍迁入（投靠子女）", "Moving household registration in: joining children", (ID, HUKOU,
            RELATION), 410),
        ("户籍迁入（人才引进）", "Moving household registration in: talent scheme", (ID, HUKOU,
            DEGREE, LABOUR), 450),
        ("户籍迁入（购房入户）", "Moving household registration in: home owners", (ID, HUKOU,
            PROPERTY_CERT), 430),
        ("户籍迁入（大中专学生）", "Moving household registration in: students", (ID,
            ("录取通知书", "Admission letter")), 300),
        ("户籍迁出", "Moving household registration out", (ID, HUKOU), 380),
        ("死亡人口户口注销", "Cancelling the registration of a deceased person", (HUKOU, DEATH),
            520),
        ("居民身份证首次申领", "First resident ID card", (HUKOU, PHOTO), 600),
        ("居民身份证换领", "Renewing a resident ID card", (ID, HUKOU), 700),
        ("居民身份证补领", "Replacing a lost resident ID card", (HUKOU, PHOTO), 900),
        ("临时居民身份证申领", "Temporary resident ID card", (HUKOU,), 650),
        ("居民户口簿补领", "Replacing a lost hukou booklet", (ID,), 350),
        ("姓名变更登记", "Change of name", (ID, HUKOU, FORM), 200),
        ("民族成分变更", "Change of ethnicity", (ID, HUKOU, RELATION), 120),
        ("出生日期更正", "Correcting a date of birth", (ID, HUKOU, BIRTH_CERT), 150),
        ("居住证申领", "Residence permit", (ID, PHOTO, ("居住证明（租赁合同或房产证）",
            "Proof of residence")), 550),
        ("居住登记", "Residence registration", (ID, ("居住证明（租赁合同或房产证）",
            "Proof of residence")), 330),
        ("亲属关系证明开具", "Certificate of kinship", (ID, HUKOU), 240),
    ]
    for zh, en, mats, pop in hh:
        out.append(F("police_household", "identity", [(zh, en)], en="{obj}", materials=mats,
                     law=("《中华人民共和国户口登记条例》", "《中华人民共和国居民身份证法》"),
                     legal=60 if "身份证" in zh else 20, promised=7 if "身份证" in zh else 3,
                     fees=("首次申领、换领每证20元，补领每证40元，临时证每证10元",
                           "CNY 20 first or renewal, 40 replacement, 10 temporary")
                     if "身份证" in zh else ("不收费", "Free of charge"),
                     lenient=(len(mats) - 1,) if len(mats) > 2 else (), popularity=pop))
    out.append(F("police_exit_entry", "exit_entry", [
        ("普通护照首次申领", "First ordinary passport"),
        ("普通护照换发", "Renewing an ordinary passport"),
        ("普通护照补发", "Replacing a lost passport"),
        ("往来港澳通行证首次申领", "First exit-entry permit for Hong Kong and Macao"),
        ("往来台湾通行证申领", "Exit-entry permit for Taiwan"),
        ("赴台湾签注", "Endorsement for Taiwan"),
        ("出入境记录查询", "Exit-entry record query"),
        ("外国人居留许可", "Residence permit for foreigners"),
        ("港澳居民居住证申领", "Residence permit for Hong Kong and Macao residents"),
        ("台湾居民居住证申领", "Residence permit for Taiwan residents")],
        en="{obj}", materials=(ID, PHOTO), law=("《中华人民共和国出境入境管理法》",), legal=15,
        promised=7, fees=("护照每本120元；通行证每证60元；签注每次15元",
                          "Passport CNY 120; permit CNY 60; endorsement CNY 15"), popularity=520))
    # ---------------------------------------------------------------- D: construction
    permits = [("建设项目用地预审与选址意见书", "Land pre-examination and site opinion"),
               ("建设用地规划许可证核发", "Land-use planning permit"),
               ("建设工程规划许可证核发", "Construction planning permit"),
               ("建设工程消防设计审查", "Fire protection design review"),
               ("建设工程消防验收", "Fire protection acceptance"),
               ("建设工程竣工验收备案", "Completion acceptance filing"),
               ("人防工程设计审查", "Civil air defence design review"),
               ("城镇污水排入排水管网许可", "Sewer discharge permit"),
               ("占用挖掘城市道路许可", "Permit to dig up a city road"),
               ("临时建设工程规划许可", "Planning permit for temporary works"),
               ("建设工程规划条件核实", "Planning conditions check"),
               ("施工图设计文件审查备案", "Construction drawings review filing"),
               ("招标投标情况书面报告备案", "Tender report filing"),
               ("固定资产投资项目节能审查", "Energy review of an investment project"),
               ("建设项目环境影响报告表审批", "Environmental impact report approval"),
               ("城市建筑垃圾处置核准", "Construction waste disposal approval"),
               ("建设工程质量安全监督登记", "Quality and safety supervision registration")]
    types = [("房屋建筑工程", "building works"), ("市政基础设施工程", "municipal infrastructure"),
             ("工业项目", "industrial project"), ("小型低风险社会投资项目",
                 "small low-risk project"),
             ("交通工程", "transport works"), ("水利工程", "water works"),
             ("园林绿化工程", "landscaping works")]
    out.append(F("construction", "construction", permits, types, en="{obj} ({action})",
                 names="{obj}（{action}）", materials=(FORM, LICENCE, LAND, PLAN), lenient=(2,),
                 law=("《中华人民共和国城乡规划法》", "《中华人民共和国建筑法》"), legal=20,
                 promised=10, popularity=120))
    out.append(F("construction", "construction", [
        ("建设工程规划许可证变更", "Changing a construction planning permit"),
        ("建筑工程施工许可证延期", "Extending a construction permit"),
        ("建筑业企业资质核准（施工总承包三级）",
            "Builder qualification (general contracting, grade 3)"),
        ("建筑业企业资质延续", "Renewing a builder qualification"),
        ("建筑业企业资质变更", "Changing a builder qualification"),
        ("建筑施工企业安全生产许可证核发", "Safety production licence for builders"),
        ("建筑施工特种作业人员操作资格考核", "Licence for special construction operators"),
        ("二级建造师初始注册", "Registration as a grade 2 constructor"),
        ("二级建造师变更注册", "Change of a grade 2 constructor's registration"),
        ("工程监理企业资质核准", "Supervision company qualification"),
        ("建设工程勘察设计资质核准", "Survey and design qualification"),
        ("城市绿地树木砍伐迁移许可", "Permit to fell or move trees"),
        ("户外广告设施设置许可", "Permit for outdoor advertising"),
        ("燃气经营许可证核发", "Gas business licence"),
        ("房屋建筑和市政基础设施工程竣工联合验收", "Joint completion acceptance")],
        en="{obj}", materials=(FORM, LICENCE, QUALIFY, CONTRACT), lenient=(3,),
        law=("《中华人民共和国建筑法》", "《建设工程质量管理条例》"), legal=20, promised=10,
        popularity=110))
    # ---------------------------------------------------------------- D: social affairs
    out.append(F("social_affairs", "family", [
        ("内地居民结婚登记", "Marriage registration", 850),
        ("内地居民离婚登记", "Divorce registration", 500),
        ("补领结婚证", "Replacing a marriage certificate", 420),
        ("补领离婚证", "Replacing a divorce certificate", 200),
        ("撤销受胁迫婚姻登记", "Annulling a marriage made under duress", 40),
        ("涉外结婚登记", "Marriage registration with a foreign national", 150),
        ("涉港澳台居民结婚登记",
            "Marriage registration with a Hong Kong, Macao or Taiwan resident", 140),
        ("婚姻登记记录证明", "Certificate of marriage records", 260),
        ("华侨结婚登记", "Marriage registration of overseas Chinese", 60)],
        en="{obj}", materials=(ID, HUKOU, (("本人近期半身免冠合影照片"), "Recent joint photo")),
        law=("《中华人民共和国民法典》婚姻家庭编", "《婚姻登记条例》"), legal=0, promised=0,
        process=ONSPOT_PROCESS, fees=("不收费", "Free of charge"), popularity=None))
    out.append(F("social_affairs", "family", [
        ("内地居民收养登记", "Adoption registration"),
        ("解除收养关系登记", "Dissolving an adoption"),
        ("涉外收养登记", "Intercountry adoption registration"),
        ("生育登记", "Birth registration (family planning)"),
        ("再生育审批", "Approval for another child"),
        ("出生医学证明首次签发", "First medical birth certificate"),
        ("出生医学证明补发", "Replacing a medical birth certificate"),
        ("出生医学证明换发", "Correcting a medical birth certificate"),
        ("独生子女父母光荣证补办", "Replacing a one-child parents' certificate"),
        ("计划生育家庭特别扶助金申请", "Special support for family-planning families"),
        ("新生儿预防接种证办理", "Vaccination certificate for a newborn"),
        ("育儿补贴申领", "Childcare subsidy")],
        en="{obj}", materials=(ID, HUKOU, MARRIAGE), lenient=(2,),
        law=("《中华人民共和国人口与计划生育法》", "《中华人民共和国母婴保健法》"), legal=15,
        promised=3, popularity=380))
    out.append(F("social_affairs", "welfare", [
        ("低保边缘家庭认定", "Recognition as a near-poverty household"),
        ("特困人员救助供养", "Support for people in extreme poverty"),
        ("临时救助申请", "Temporary assistance"),
        ("流浪乞讨人员救助", "Assistance for homeless people"),
        ("困难残疾人生活补贴", "Living allowance for people with disabilities in hardship"),
        ("重度残疾人护理补贴", "Care allowance for people with severe disabilities"),
        ("孤儿基本生活费申请", "Living allowance for orphans"),
        ("事实无人抚养儿童认定", "Recognition of children without de facto care"),
        ("高龄津贴申领", "Old-age allowance for people over 80"),
        ("经济困难老年人养老服务补贴", "Elderly care subsidy for low-income seniors"),
        ("老年人优待证办理", "Senior citizen card"),
        ("居家养老服务补贴申请", "Home-based elderly care subsidy"),
        ("养老机构备案", "Filing of an elderly care institution"),
        ("遗体火化", "Cremation"),
        ("基本殡葬服务费用减免", "Waiver of basic funeral costs"),
        ("公益性公墓安葬", "Burial in a public cemetery"),
        ("骨灰海葬补贴申请", "Sea-burial subsidy"),
        ("残疾人证新办", "First disability certificate"),
        ("残疾人证换领", "Renewing a disability certificate"),
        ("残疾人证补办", "Replacing a lost disability certificate"),
        ("残疾人证迁移", "Transferring a disability certificate"),
        ("残疾人证注销", "Cancelling a disability certificate"),
        ("残疾人辅助器具适配补贴", "Subsidy for assistive devices"),
        ("困难群众医疗救助", "Medical assistance for people in hardship"),
        ("退役军人优待证申领", "Veterans' preferential card")],
        en="{obj}", materials=(ID, HUKOU, INCOME), lenient=(2,),
        law=("《社会救助暂行办法》", "《中华人民共和国老年人权益保障法》"), legal=30,
        promised=10, popularity=230))
    out.append(F("social_affairs", "welfare",
                 [("社会团体", "social organisation"), ("民办非企业单位",
                     "private non-enterprise unit"),
                  ("基金会", "foundation")],
                 [("成立登记", "Founding registration"), ("变更登记", "Change registration"),
                  ("注销登记", "Cancellation registration"), ("年度检查", "Annual inspection")],
                 en="{action} of a {obj}", names="{obj}{action}",
                 materials=(FORM, ARTICLES, ("登记管理机关要求的其他材料",
                     "Other documents required")),
                 law=("《社会团体登记管理条例》",), legal=60, promised=20, popularity=60))
    health_places = [("住宿场所", "hotels"), ("美容美发场所", "hair and beauty salons"),
                     ("游泳场所", "swimming pools"), ("沐浴场所", "bathhouses"),
                     ("商场超市", "shopping centres"), ("文化娱乐场所", "entertainment venues")]
    out.append(F("social_affairs", "education_health", health_places,
                 [("新办", "New"), ("变更", "Change"), ("延续", "Renewal"), ("注销",
                     "Cancellation")],
                 names="公共场所卫生许可（{obj}）{action}",
                 en="{action} of a public-place hygiene permit ({obj})",
                 materials=(FORM, LICENCE, HEALTH, LAYOUT), lenient=(3,),
                 law=("《公共场所卫生管理条例》",), legal=20, promised=5, popularity=90))
    out.append(F("social_affairs", "education_health",
                 [("食品经营许可", "food business licence"),
                  ("小餐饮经营许可", "small eatery licence"),
                  ("药品零售企业许可", "retail pharmacy licence")],
                 [("新办", "New"), ("变更", "Change"), ("延续", "Renewal"), ("注销",
                     "Cancellation"),
                  ("补证", "Replacement")],
                 names="{obj}{action}", en="{action} of a {obj}",
                 materials=(FORM, LICENCE, HEALTH, LAYOUT), lenient=(3,),
                 law=("《中华人民共和国食品安全法》", "《中华人民共和国药品管理法》"), legal=20,
                 promised=5, popularity=160))
    out.append(F("social_affairs", "education_health",
                 [("诊所", "clinic"), ("门诊部", "outpatient department"), ("医院", "hospital")],
                 [("设置审批", "Approval to set up"), ("执业登记", "Practice registration"),
                  ("执业登记变更", "Change of registration"), ("校验", "Periodic check"),
                  ("注销", "Cancellation")],
                 names="医疗机构（{obj}）{action}", en="{action} of a medical institution ({obj})",
                 materials=(FORM, ("医疗机构设置申请书", "Application to set up"), LAYOUT,
                            ("医务人员执业证书", "Practising certificates of staff")),
                 law=("《医疗机构管理条例》",), legal=30, promised=15, popularity=70))
    out.append(F("social_affairs", "education_health",
                 [("幼儿园", "kindergarten"), ("民办培训学校", "private training school"),
                  ("民办中小学", "private school")],
                 [("设立", "Founding"), ("变更", "Change"), ("终止", "Closing")],
                 names="{obj}{action}审批", en="{action} of a {obj}",
                 materials=(FORM, ARTICLES, LAYOUT), law=("《中华人民共和国民办教育促进法》",),
                 legal=90, promised=30, popularity=50))
    out.append(F("social_affairs", "education_health", [
        ("义务教育阶段入学登记", "School enrolment (compulsory education)"),
        ("随迁子女义务教育入学", "School places for children of migrant workers"),
        ("中小学转学", "Changing schools"),
        ("教师资格认定", "Teacher qualification"),
        ("普通话水平测试证书补办", "Replacing a Mandarin proficiency certificate"),
        ("医师执业注册", "Registration of a physician"),
        ("医师变更执业注册", "Change of a physician's registration"),
        ("护士执业注册", "Registration of a nurse"),
        ("护士延续注册", "Renewal of a nurse's registration"),
        ("饮用水供水单位卫生许可", "Hygiene permit for a water supplier"),
        ("母婴保健技术服务执业许可", "Licence for maternal and infant health services"),
        ("医疗器械经营备案", "Filing of a medical device trader"),
        ("放射诊疗许可", "Radiology licence"),
        ("学生资助申请", "Student financial aid")],
        en="{obj}", materials=(ID, FORM, DEGREE), lenient=(2,),
        law=("《中华人民共和国义务教育法》", "《中华人民共和国医师法》"), legal=20, promised=10,
        popularity=210))
    # ---------------------------------------------------------------- E: business
    ents = [("个体工商户", "sole trader"), ("有限责任公司", "limited liability company"),
            ("股份有限公司", "company limited by shares"), ("个人独资企业", "sole proprietorship"),
            ("合伙企业", "partnership"), ("农民专业合作社", "farmers' cooperative"),
            ("分公司", "branch office"), ("外商投资企业", "foreign-invested enterprise"),
            ("农民专业合作社联合社", "union of farmers' cooperatives"),
            ("外商投资合伙企业", "foreign-invested partnership")]
    acts = [("设立登记", "Registration (founding)"), ("名称变更登记", "Change of name"),
            ("住所变更登记", "Change of address"), ("经营范围变更登记", "Change of business scope"),
            ("负责人变更登记", "Change of the legal representative"),
            ("注册资本变更登记", "Change of registered capital"), ("注销登记", "Deregistration"),
            ("简易注销登记", "Simplified deregistration"), ("备案",
                "Filing of officers and articles"),
            ("歇业备案", "Filing of a business pause")]
    out.append(F("business", "business", ents, acts, names="{obj}{action}",
                 en="{action} – {obj}", materials=(ID, FORM, ARTICLES, RESOLUTION, PREMISES),
                 lenient=(4,), law=("《中华人民共和国市场主体登记管理条例》",
                     "《中华人民共和国公司法》"),
                 legal=3, promised=1, popularity=300,
                 skip={("个体工商户", "注册资本变更登记"), ("个体工商户", "备案"),
                       ("分公司", "注册资本变更登记"), ("个人独资企业", "注册资本变更登记"),
                       ("合伙企业", "注册资本变更登记"), ("个体工商户", "简易注销登记")}))
    out.append(F("business", "business", [
        ("营业执照补领", "Replacing a lost business licence"),
        ("企业名称自主申报", "Reserving a company name"),
        ("公章刻制备案", "Filing of company seals"),
        ("企业年度报告公示", "Annual report of an enterprise"),
        ("股权出质登记", "Registration of pledged equity"),
        ("动产抵押登记", "Registration of a chattel mortgage"),
        ("经营异常名录移出", "Removal from the list of irregular businesses"),
        ("企业开办一窗通办", "Starting a business in one go"),
        ("商标质押登记", "Registration of a trademark pledge"),
        ("企业迁移登记", "Moving an enterprise to another district")],
        en="{obj}", materials=(ID, FORM, LICENCE), law=("《中华人民共和国市场主体登记管理条例》",),
        legal=3, promised=1, popularity=320))
    # ---------------------------------------------------------------- F: social security
    ins = [("企业职工基本养老保险", "employees' basic pension insurance", "social_insurance"),
           ("城乡居民基本养老保险", "residents' basic pension insurance", "social_insurance"),
           ("机关事业单位养老保险", "public-sector pension insurance", "social_insurance"),
           ("失业保险", "unemployment insurance", "social_insurance"),
           ("工伤保险", "work-injury insurance", "social_insurance"),
           ("职工基本医疗保险", "employees' basic medical insurance", "medical"),
           ("城乡居民基本医疗保险", "residents' basic medical insurance", "medical"),
           ("生育保险", "maternity insurance", "medical")]
    ins_acts = [("参保登记", "Enrolment"), ("参保信息变更", "Change of enrolment details"),
                ("停保（减员）", "Stopping contributions"), ("关系转移接续",
                    "Transfer between cities"),
                ("缴费证明打印", "Contribution record print-out"),
                ("个人权益记录查询", "Personal rights record query"), ("补缴", "Back-payment"),
                ("缴费基数申报", "Declaring the contribution base")]
    for zh, en, theme in ins:
        out.append(F("social_security", theme, [(zh, en)], ins_acts, names="{obj}{action}",
                     en="{action} – {obj}", materials=(ID, FORM, LABOUR), lenient=(2,),
                     law=("《中华人民共和国社会保险法》",), legal=15, promised=3, popularity=280,
                     self_service=True))
    out.append(F("social_security", "social_insurance", [
        ("基本养老金申领（退休）", "Claiming a basic pension on retirement", 700),
        ("城乡居民养老保险待遇申领", "Claiming a residents' pension", 400),
        ("丧葬补助金和抚恤金申领", "Funeral grant and survivors' pension", 380),
        ("养老保险个人账户一次性支付", "Lump-sum payment of a pension account", 200),
        ("失业保险金申领", "Claiming unemployment benefit", 650),
        ("失业补助金申领", "Claiming unemployment assistance", 300),
        ("失业保险稳岗返还", "Job-stabilisation refund of unemployment insurance", 150),
        ("技能提升补贴申领", "Skills upgrading subsidy", 180),
        ("工伤认定申请", "Work-injury recognition", 300),
        ("劳动能力鉴定申请", "Assessment of working capacity", 200),
        ("工伤医疗费报销", "Reimbursing work-injury medical costs", 160),
        ("一次性工伤医疗补助金申领", "Lump-sum work-injury medical grant", 120),
        ("领取养老金资格认证", "Proof of life for pensioners", 450),
        ("养老金发放账户变更", "Changing the pension payment account", 260),
        ("社会保障卡申领", "Applying for a social security card", 620),
        ("社会保障卡挂失", "Reporting a social security card lost", 560),
        ("社会保障卡解挂", "Cancelling a loss report of a social security card", 180),
        ("社会保障卡换领", "Replacing a damaged social security card", 400),
        ("社会保障卡密码重置", "Resetting a social security card PIN", 480),
        ("社会保障卡启用", "Activating a social security card", 300),
        ("社会保障卡信息变更", "Changing social security card details", 190),
        ("电子社会保障卡签发", "Electronic social security card", 350)],
        en="{obj}", materials=(ID, BANK, FORM), lenient=(2,), self_service=True,
        law=("《中华人民共和国社会保险法》",), legal=15, promised=3, popularity=None))
    out.append(F("social_security", "medical", [
        ("生育津贴申领", "Claiming maternity allowance"),
        ("生育医疗费用报销", "Reimbursing maternity medical costs"),
        ("异地就医备案", "Registering for medical treatment in another city"),
        ("门诊慢特病待遇认定", "Recognition of chronic and special diseases"),
        ("医疗费用手工报销", "Manual reimbursement of medical costs"),
        ("职工医保个人账户家庭共济", "Sharing a medical account within the family"),
        ("新生儿城乡居民医保参保", "Medical insurance for a newborn"),
        ("医保电子凭证激活", "Activating the electronic medical insurance card"),
        ("长期护理保险待遇申请", "Long-term care insurance benefits"),
        ("大病保险待遇申领", "Critical illness insurance benefits")],
        en="{obj}", materials=(ID, SSC, MEDICAL, DIAGNOSIS), lenient=(3,),
        law=("《中华人民共和国社会保险法》", "《医疗保障基金使用监督管理条例》"), legal=20,
        promised=10, popularity=420))
    # ---------------------------------------------------------------- F: employment, talent
    out.append(F("employment", "employment", [
        ("就业登记", "Employment registration"),
        ("就业创业证申领", "Employment and start-up certificate"),
        ("创业担保贷款申请", "Guaranteed start-up loan"),
        ("一次性创业补贴申领", "One-off start-up subsidy"),
        ("灵活就业人员社会保险补贴", "Social insurance subsidy for the self-employed"),
        ("职业培训补贴申领", "Vocational training subsidy"),
        ("求职创业补贴申领", "Job-seeking subsidy for graduates"),
        ("就业困难人员认定", "Recognition as having difficulty finding work"),
        ("公益性岗位申请", "Public-welfare job"),
        ("招聘会场地预约", "Booking a job fair stand"),
        ("劳动合同备案", "Labour contract filing"),
        ("劳动人事争议仲裁申请", "Labour dispute arbitration"),
        ("劳动保障监察投诉", "Labour inspection complaint"),
        ("拖欠工资投诉", "Complaint about unpaid wages"),
        ("特殊工时制度审批", "Approval of special working hours"),
        ("人力资源服务许可", "Human resources service licence"),
        ("劳务派遣经营许可", "Labour dispatch licence"),
        ("职业介绍机构备案", "Filing of an employment agency")],
        en="{obj}", materials=(ID, FORM, LABOUR), lenient=(2,),
        law=("《中华人民共和国就业促进法》", "《中华人民共和国劳动合同法》"), legal=15, promised=5,
        popularity=330))
    out.append(F("employment", "talent", [
        ("高校毕业生报到", "Graduate registration"),
        ("人事档案转递", "Transferring a personnel file"),
        ("人事档案查询借阅", "Consulting a personnel file"),
        ("流动人员人事档案接收", "Accepting a personnel file"),
        ("职称评审申报", "Applying for a professional title"),
        ("专业技术人员继续教育学时登记", "Continuing education hours"),
        ("职业资格证书补发", "Replacing a vocational qualification certificate"),
        ("职业技能等级认定", "Vocational skill level assessment"),
        ("人才引进认定", "Recognition under the talent scheme"),
        ("高层次人才认定", "Recognition as high-level talent"),
        ("博士后工作站设立", "Setting up a post-doctoral station"),
        ("留学回国人员证明", "Certificate for returned overseas students"),
        ("外国人来华工作许可", "Work permit for foreigners"),
        ("外国人来华工作许可延期", "Extending a foreigner's work permit"),
        ("外国人来华工作许可变更", "Changing a foreigner's work permit"),
        ("外国人来华工作许可注销", "Cancelling a foreigner's work permit"),
        ("人才住房补贴申领", "Housing subsidy for talent"),
        ("技工院校招生备案", "Enrolment filing of a technical school")],
        en="{obj}", materials=(ID, DEGREE, FORM), lenient=(1,),
        law=("《中华人民共和国就业促进法》",), legal=20, promised=5, popularity=240))
    out.append(F("employment", "talent",
                 [("工程系列", "engineering"), ("教育系列", "education"), ("卫生系列", "health"),
                  ("经济系列", "economics"), ("会计系列", "accounting"), ("农业系列",
                      "agriculture")],
                 [("职称评审申报", "Applying for a professional title"),
                  ("职称证书补发", "Replacing a professional title certificate")],
                 names="{obj}{action}", en="{action} ({obj})", materials=(ID, DEGREE, FORM),
                 law=("《职称评审管理暂行规定》",), legal=60, promised=30, popularity=90))
    return out


def _life_events(name: str) -> list[str]:
    return [code for code, (_zh, _en, words) in LIFE_EVENTS.items()
            if any(w in name for w in words)]


def _entry(fam: Family, zh: str, en: str, pop: int, rnd: random.Random) -> dict:
    mats = []
    for i, doc in enumerate(fam.materials):
        copy_only = doc in (FORM, PREMISES, RESOLUTION, PLAN, LAYOUT, SURVEY, HEALTH)
        mats.append(m(doc, copies=1 if doc in (ID, HUKOU) else rnd.choice((1, 1, 2)),
                      original=not copy_only,
                      required=doc is not PROXY, lenient=i in fam.lenient))
    mats.append(m(PROXY, required=False))
    conditions = fam.conditions or [
        ("申请人为本人或其依法委托的代理人", "Applied for in person or by a lawful agent"),
        ("提交的材料真实、完整、有效", "The materials are genuine, complete and valid")]
    legal, promised = fam.legal, fam.promised
    time_note = ("当场办结", "Issued on the spot") if promised == 0 else (
        f"承诺{promised}个工作日内办结", f"Within {promised} working days")
    process = SELF_PROCESS if fam.self_service and rnd.random() < 0.5 else fam.process
    notes = [("可预约办理", "Appointments available")]
    if any(x["lenient"] for x in mats):
        notes.append(("容缺受理：标注“可后补”的材料可在审批前补交",
                       ("Accepted with missing materials: those marked 'may follow' before the "
                       "decision")))
    return {
        "name": zh, "name_en": en[0].upper() + en[1:], "popularity": pop,
        "self_service": fam.self_service and process is SELF_PROCESS,
        "conditions": [c[0] for c in conditions],
        "conditions_en": [c[1] for c in conditions],
        "materials": mats,
        "accept_missing": any(x["lenient"] for x in mats),
        "process": [p[0] for p in process], "process_en": [p[1] for p in process],
        "legal_basis": list(fam.law),
        "time_limit": {"legal_days": legal, "promised_days": promised,
                       "note": time_note[0], "note_en": time_note[1]},
        "fees": fam.fees[0], "fees_en": fam.fees[1],
        "notes": [n[0] for n in notes], "notes_en": [n[1] for n in notes],
    }


#: English for the hand-written items' words (demo_items.toml has them in Chinese only)
HAND_EN = {
    '职工已办理离休、退休手续': 'The member has retired',
    '住房公积金账户状态正常': 'Fund account in good standing',
    '自助终端读取身份证并核验人像': 'Read the ID card at a kiosk, face check',
    '填写提取申请': 'Fill in the withdrawal request',
    '扫描离退休证明': 'Scan the retirement certificate',
    '提交后由公积金中心审核': 'The fund centre checks it',
    '审核通过后资金转入本人银行卡': 'Once approved, the money goes to your bank card',
    '可在24小时自助区办理': 'Available in the 24-hour self-service area',
    '不收费': 'Free of charge',
    '资料齐全的次个工作日到账': 'Paid the next working day when complete',
    '在本市有个人所得税纳税记录': 'You have income tax records in this city',
    '读取身份证': 'Read the ID card',
    '选择开具期间': 'Choose the period',
    '当场打印纳税记录': 'The record is printed on the spot',
    '24小时自助终端可打印': 'Printable at 24-hour kiosks',
    '当场办结': 'Done on the spot',
    '自然人或已办理税务登记的纳税人': 'A natural person or a registered taxpayer',
    '已缴纳相应税款': 'The tax due has been paid',
    '填写代开信息': 'Fill in the invoice details',
    '缴纳税款': 'Pay the tax',
    '打印发票': 'Print the invoice',
    '按规定缴纳税款，代开不收费': 'Tax as assessed; issuing is free',
    '查询本人名下的不动产登记信息': 'Your own property records only',
    '读取身份证并核验人像': 'Read the ID card, face check',
    '选择查询范围': 'Choose what to look up',
    '当场打印查询结果': 'The result is printed on the spot',
    '24小时自助终端可办理': 'Available at 24-hour kiosks',
    '买卖双方已签订房屋买卖合同': 'Buyer and seller have signed the sale contract',
    '已完税': 'Taxes are paid',
    '取号': 'Take a number',
    '窗口综合受理': 'Hand in at a comprehensive window',
    '后台审核登簿': 'The back office checks and registers',
    '统一窗口出件或邮寄': 'Collect at the certificate window or by post',
    '可预约办理': 'Appointments available',
    '容缺受理：完税凭证可在审核前补交':
        'Accepted with missing materials: the tax voucher may follow before the decision',
    '登记费每件80元（住宅）': 'CNY 80 per home',
    '合同当事人本人查询': 'Parties to the contract only',
    '输入合同编号': 'Enter the contract number',
    '显示或打印备案信息': 'The filing is shown or printed',
    '居民身份证丢失、损坏或正在补领换领期间': 'Your ID card is lost, damaged or being replaced',
    '本市户籍居民': 'Registered residents of this city',
    '输入身份证号码': 'Enter the ID number',
    '现场采集人像并比对': 'A portrait is taken and compared',
    '当场打印临时身份证明': 'The proof is printed on the spot',
    '证明有效期以证明上载明的为准': 'Valid for the period printed on it',
    '约1～2分钟当场办结': 'About 1–2 minutes, on the spot',
    '办理居民身份证、社会保障卡等需要证件照的业务':
        'For services that need an ID photo (ID card, social security card …)',
    '自助机拍摄证件照（白底，358×441像素，350dpi）':
        'The kiosk takes the photo (white background, 358×441 px, 350 dpi)',
    '照片上传至办件系统': 'The photo goes to the case system',
    '打印照片回执': 'A photo receipt is printed',
    '办理业务时向窗口出示回执或报出照片编号':
        'Show the receipt or quote the photo code at the window',
    '照片上传后自助机不保留照片': 'The kiosk keeps no copy once uploaded',
    '本人申请': 'Applied for in person',
    '用于就业、出国等合法用途': 'For lawful uses such as employment or travel abroad',
    '选择证明用途': 'Choose what it is for',
    '提交后公安机关核查': 'The police check it',
    '核查通过后自助打印': 'Printed at a kiosk once checked',
    '无记录的当场出具': 'Issued on the spot when there is no record',
    '持有效电子往来港澳通行证': 'You hold a valid electronic permit',
    '读取通行证芯片': "Read the permit's chip",
    '核验人像': 'Face check',
    '选择签注种类并缴费': 'Choose the endorsement and pay',
    '当场写入签注': 'The endorsement is written on the spot',
    '每次签注15元': 'CNY 15 per endorsement',
    '自助签注当场办结': 'Done on the spot at the kiosk',
    '本市户籍居民或符合异地办证条件的人员': 'Residents of this city or others eligible here',
    '填写申请表': 'Fill in the application form',
    '采集相片和指纹': 'Photo and fingerprints are taken',
    '打印预受理回执': 'A pre-acceptance receipt is printed',
    '到出入境窗口确认': 'Confirm at the exit-entry window',
    '按证件种类收费': 'Fee by document type',
    '已办理用地批准手续': 'The land approval is in place',
    '已取得建设工程规划许可证': 'The construction planning permit is granted',
    '施工图设计文件已审查合格': 'The construction drawings passed review',
    '网上申报或窗口提交': 'Apply online or at the window',
    '综合受理': 'Comprehensive acceptance',
    '审查': 'Review',
    '发证': 'The permit is issued',
    '容缺受理：施工合同可在审批前补交':
        'Accepted with missing materials: the contract may follow before the decision',
    '共同生活的家庭成员人均收入低于当地最低生活保障标准':
        "The household's income per head is below the local minimum",
    '符合家庭财产规定': 'The household assets are within the rules',
    '提交申请': 'Apply',
    '家庭经济状况核查': 'The household finances are checked',
    '民主评议和公示': 'Community review and public notice',
    '审批': 'Decision',
    '已登记的市场主体': 'A registered business',
    '变更事项符合登记规定': 'The change is within the registration rules',
    '自助终端填写申请': 'Fill in the application at a kiosk',
    '扫描材料': 'Scan the materials',
    '提交审核': 'Submit for review',
    '核准后自助打印执照': 'Print the licence at a kiosk once approved',
    '本人社保卡丢失或损坏': 'Your social security card is lost or damaged',
    '已参加本市社会保险': 'You are insured in this city',
    '正式挂失原卡': 'The old card is reported lost',
    '缴纳工本费': 'Pay the card fee',
    '现场制卡约2分钟': 'The card is made on the spot in about 2 minutes',
    '领取新卡并激活': 'Take the new card and activate it',
    '24小时自助区可办理': 'Available in the 24-hour self-service area',
    '工本费以当地标准为准，首次申领免费': 'Card fee by local rules; the first card is free',
    '即时制卡约2分钟（以往需10个工作日）':
        'Made in about 2 minutes (it used to take 10 working days)',
    '读取证件': 'Read the ID document',
    '选择证明种类和期间': 'Choose the certificate and period',
    '当场打印（带电子签章）': 'Printed on the spot (with an electronic seal)',
    '法定劳动年龄内': 'Of working age',
    '有劳动能力和就业愿望': 'Able and willing to work',
    '处于无业状态': 'Currently without work',
    '填写登记信息': 'Fill in the registration',
    '提交': 'Submit',
    '当场或次日出具登记结果': 'Result on the spot or the next day',
}


def _hand_written(items_path: Path) -> list[dict]:
    """The catalogue's own items (demo_items.toml), in this file's shape."""
    raw = tomllib.loads(items_path.read_text(encoding="utf-8"))["items"]

    def en(text: str) -> str:
        return HAND_EN.get(text, "") if text else ""

    out = []
    for it in raw:
        tl = it.get("time_limit", {})
        mats = [{k: x[k] for k in ("name", "name_en", "copies", "original", "required",
                                    "lenient")} for x in it.get("materials", [])]
        out.append({
            "code": it["code"], "category": it["category"], "name": it["name"],
            "name_en": it["name_en"], "popularity": HAND_POPULARITY.get(it["code"], 500),
            "self_service": bool(it.get("self_service")),
            "conditions": it.get("conditions", []),
            "conditions_en": [en(x) for x in it.get("conditions", [])],
            "materials": mats, "accept_missing": any(x["lenient"] for x in mats),
            "process": it.get("process", []), "process_en": [en(x) for x in it.get("process", [])],
            "legal_basis": it.get("legal_basis", []),
            "time_limit": {"legal_days": tl.get("legal_days", 0),
                           "promised_days": tl.get("promised_days", 0),
                           "note": tl.get("note", ""), "note_en": en(tl.get("note", ""))},
            "fees": it.get("fees", ""), "fees_en": en(it.get("fees", "")),
            "notes": it.get("notes", []), "notes_en": [en(x) for x in it.get("notes", [])],
            "windows": it.get("windows"),
        })
    return out


#: how often the hand-written items are asked for (ranks search ties)
HAND_POPULARITY = {"ssc-card-reissue": 880, "property-transfer-registration": 840,
                   "police-no-criminal-record": 720, "employment-unemployment-registration": 690,
                   "fund-withdraw-retire": 640, "tax-income-certificate": 660,
                   "business-license-change": 610, "ssc-insurance-certificate": 700,
                   "social-minimum-living": 560, "police-temp-id-proof": 580,
                   "police-hkmo-endorsement": 620, "property-info-query": 650,
                   "police-id-photo": 540, "police-exit-entry-pre": 420, "tax-invoice": 450,
                   "housing-contract-filing": 430, "construction-permit": 300}

#: the hand-written items' broad category (the generator's families carry their own)
HAND_THEMES = {"fund": "housing_fund", "tax": "tax", "property": "property",
               "housing_trade": "housing", "police_household": "identity",
               "police_exit_entry": "exit_entry", "construction": "construction",
               "social_affairs": "welfare", "business": "business",
               "social_security": "social_insurance", "employment": "employment"}


def generate(hall_path: Path = HERE / "demo_hall.toml",
             items_path: Path = HERE / "demo_items.toml") -> dict:
    hall = tomllib.loads(hall_path.read_text(encoding="utf-8"))
    zones = {z["code"]: z for z in hall["zones"]}
    cats = {c["code"]: c for c in hall["categories"]}
    rnd = random.Random(20251201)
    items: list[dict] = []
    seen_names: set[str] = set()
    codes: set[str] = set()
    for it in _hand_written(items_path):
        it["theme"] = HAND_THEMES[it["category"]]
        items.append(it)
        seen_names.add(it["name"])
        codes.add(it["code"])
    for fam in families():
        for obj in fam.objects:
            obj_zh, obj_en = obj[0], obj[1]
            pop_fixed = obj[2] if len(obj) > 2 else None
            if len(obj) > 2 and isinstance(obj[2], tuple):  # (zh, en, materials, pop)
                pop_fixed = obj[3]
            for act_zh, act_en in fam.actions:
                if (obj_zh, act_zh) in fam.skip:
                    continue
                zh = (fam.names or "{obj}{action}").format(obj=obj_zh, action=act_zh)
                en = fam.en.format(obj=obj_en, action=act_en)
                if zh in seen_names:
                    continue
                seen_names.add(zh)
                jitter = rnd.randint(-40, 40)  # (drawn always: the sequence stays stable)
                pop = pop_fixed if pop_fixed is not None else (fam.popularity or 200) + jitter
                pop = max(1, min(999, pop))
                entry = _entry(fam, zh, en, pop, rnd)
                code = base = _slug(en)
                n = 2
                while code in codes:
                    code, n = f"{base}-{n}", n + 1
                codes.add(code)
                entry["code"] = code
                entry["category"] = fam.category
                entry["theme"] = fam.theme
                items.append(entry)
    out = []
    for it in items:
        cat = cats[it["category"]]
        zone = zones[cat["zone"]]
        it["zone"] = zone["code"]
        it["floor"] = zone["floor"]
        it["windows"] = it.get("windows") or cat["windows"]
        it["certificate_windows"] = zone["certificate_windows"]
        it["life_events"] = _life_events(it["name"])
        it["online_url"] = ONLINE + it["code"]
        out.append({k: it[k] for k in sorted(it)})
    return {
        "themes": [{"code": k, "name": v[0], "name_en": v[1]} for k, v in THEMES.items()],
        "life_events": [{"code": k, "name": v[0], "name_en": v[1]}
                        for k, v in LIFE_EVENTS.items()],
        "items": out,
    }


def dump(doc: dict) -> str:
    """One item a line: a change to the generator shows as a readable diff."""
    head = {k: v for k, v in doc.items() if k != "items"}
    lines = ["{", *(f'"{k}": {json.dumps(v, ensure_ascii=False)},' for k, v in head.items()),
             '"items": [']
    items = [json.dumps(it, ensure_ascii=False, sort_keys=True) for it in doc["items"]]
    lines.append(",\n".join(items))
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    doc = generate()
    OUT.write_text(dump(doc), encoding="utf-8")
    print(f"{OUT}: {len(doc['items'])} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
