"""A candidate's materials: certificates with the seeds' field names and pictures from the image pool.

Why: every screen of the review shows materials — 学历, 学位, 职称, 执业资格, 规培, 补充材料 — with the
fields the seeds name, images named 姓名+证件号码+证书名称+第N页, and a 核验 state that fits how far
the record's review went (a returned or rejected record has a failed material).
"""

from __future__ import annotations

import random
from datetime import date
from typing import Protocol

from reviewdesk.domain.catalogue import Catalogue, Category
from reviewdesk.domain.enums import (
    EducationLevel,
    ImageSide,
    Level,
    MaterialKind,
    StudyMode,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server.demo import images as demo_images
from reviewdesk.server.demo.draws import pick
from reviewdesk.server.demo.images import PoolImage
from reviewdesk.server.demo.orgs import PROVINCE_DIRECT_UNITS, DemoUnit, practice_place
from reviewdesk.server.demo.records import EXAM_YEAR, PHYSICIAN_CLASS, DemoImage, DemoMaterial
from reviewdesk.server.demo.review import returned
from reviewdesk.server.demo.timeline import Timeline, add_years, date_after


class MaterialWorld(Protocol):
    """What a :class:`MaterialMaker` reads of the whole demo (``data.DemoData`` is one): named here so
    that this module does not import the generator that imports it."""

    catalogue: Catalogue
    units: list[DemoUnit]

    @property
    def images_by_title(self) -> tuple[dict[str, list[PoolImage]], list[PoolImage], list[PoolImage]]: ...


_SCHOOLS: dict[EducationLevel, tuple[str, ...]] = {
    EducationLevel.SECONDARY: (
        "荆州市卫生学校", "孝感市卫生学校", "十堰市医药卫生学校", "武汉市第二卫生学校", "黄冈市卫生学校",
        "襄阳市卫生学校", "宜昌市卫生学校",
    ),
    EducationLevel.COLLEGE: (
        "湖北职业技术学院", "湖北中医药高等专科学校", "襄阳职业技术学院", "鄂州职业大学", "仙桃职业学院",
        "随州职业技术学院", "湖北三峡职业技术学院", "咸宁职业技术学院", "荆州职业技术学院", "恩施职业技术学院",
    ),
    EducationLevel.BACHELOR: (
        "武汉大学", "华中科技大学", "湖北中医药大学", "湖北医药学院", "长江大学", "三峡大学", "江汉大学",
        "湖北科技学院", "湖北民族大学", "湖北文理学院", "武汉科技大学", "荆楚理工学院", "湖北理工学院",
    ),
    EducationLevel.MASTER: ("武汉大学", "华中科技大学", "湖北中医药大学", "长江大学", "三峡大学", "武汉科技大学"),
    EducationLevel.DOCTOR: ("武汉大学", "华中科技大学", "湖北中医药大学"),
}  # fmt: skip
_STUDY_YEARS = {
    EducationLevel.SECONDARY: 3,
    EducationLevel.COLLEGE: 3,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 3,
    EducationLevel.DOCTOR: 3,
}

_MAJORS: dict[str, tuple[tuple[str, str], ...]] = {  # series → (所学专业, 专业类型)
    "nursing": (("护理学", "护理学类"), ("护理", "护理学类"), ("助产", "护理学类")),
    "pharmacy": (("药学", "药学类"), ("中药学", "中药学类"), ("临床药学", "药学类")),
    "technology": (
        ("医学检验技术", "医学技术类"),
        ("医学影像技术", "医学技术类"),
        ("康复治疗技术", "医学技术类"),
        ("口腔医学技术", "医学技术类"),
        ("卫生信息管理", "医学技术类"),
    ),
    "medicine": (("临床医学", "临床医学类"), ("口腔医学", "口腔医学类"), ("麻醉学", "临床医学类")),
    "chinese_medicine": (
        ("中医学", "中医学类"),
        ("针灸推拿学", "中医学类"),
        ("中西医临床医学", "中西医结合类"),
    ),
    "public_health": (("预防医学", "公共卫生与预防医学类"), ("卫生检验与检疫", "医学技术类")),
}
_STUDY_MODES = (
    (StudyMode.FULL_TIME, 70),
    (StudyMode.ADULT, 15),
    (StudyMode.SELF_STUDY, 5),
    (StudyMode.ONLINE, 5),
    (StudyMode.PART_TIME, 5),
)

_FAILED_MATERIAL_REMARKS = ("图片不清晰", "学历信息与证书不一致", "学历验证未通过", "格式不符", "材料未上传")


class MaterialMaker:
    """Makes one candidate's materials from the candidate's generator (``rng``), in a fixed order."""

    def __init__(
        self, data: MaterialWorld, rng: random.Random, unit: DemoUnit, name: str, id_number: str
    ) -> None:
        self.data, self.rng, self.unit, self.name, self.id_number = data, rng, unit, name, id_number

    def materials(self, level: Level, category: Category, timeline: Timeline) -> list[DemoMaterial]:
        """The candidate's materials (学历 always; the rest as the level, series and dates call for)."""
        rng = self.rng
        materials = [self._education(category, timeline)]
        graduate = timeline.education in {
            EducationLevel.BACHELOR,
            EducationLevel.MASTER,
            EducationLevel.DOCTOR,
        }
        if graduate and rng.random() < 0.4:
            materials.append(self._degree(timeline))
        if timeline.title_on is not None and (level is not Level.ASSISTANT) and rng.random() < 0.95:
            materials.append(self._title(level, category, timeline))
        if category.requires_physician_qualification and (timeline.eligible or rng.random() < 0.6):
            klass = PHYSICIAN_CLASS.get(category.series, "临床")
            if "口腔" in category.name:
                klass = "口腔"
            issued = date_after(rng, timeline.graduated_on, 1, 2)
            materials.append(
                self._material(
                    MaterialKind.PHYSICIAN_QUALIFICATION,
                    {
                        "资格级别": "执业医师",
                        "资格类别": klass,
                        "签发日期": issued.isoformat(),
                        "证书编码": f"{issued.year}42{rng.randrange(10**18):018d}",
                    },
                    demo_images.PHYSICIAN_QUALIFICATION_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
            practice = date_after(rng, issued, 0, 1)
            materials.append(
                self._material(
                    MaterialKind.PHYSICIAN_PRACTICE,
                    {
                        "资格级别": "执业医师",
                        "资格类别": klass,
                        "签发日期": practice.isoformat(),
                        "证书编码": f"1104{self.unit.region_code[:2]}{rng.randrange(10**9):09d}",
                    },
                    demo_images.PHYSICIAN_PRACTICE_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
        if category.series == "nursing":
            issued = date_after(rng, timeline.graduated_on, 0, 1)
            renewed = add_years(issued, 5 * ((EXAM_YEAR - 1 - issued.year) // 5))
            materials.append(
                self._material(
                    MaterialKind.NURSE_PRACTICE,
                    {
                        "证书编码": f"{issued.year}42{rng.randrange(10**6):06d}",
                        "签发日期": issued.isoformat(),
                        "执业地点": practice_place(rng, self.unit, self.data.units),
                        "有效期至": add_years(renewed, 5).isoformat(),
                    },
                    demo_images.NURSE_PRACTICE_CERT,
                    (ImageSide.A, ImageSide.B),
                )
            )
        if timeline.residency:
            finished = date_after(rng, timeline.graduated_on, 3, 3)
            materials.append(
                self._material(
                    MaterialKind.RESIDENCY,
                    {
                        "培训专业": category.name.split("(")[0],
                        "培训基地": rng.choice(PROVINCE_DIRECT_UNITS)[0],
                        "结业日期": finished.isoformat(),
                        "证书编号": f"{finished.year}42{rng.randrange(10**6):06d}",
                    },
                    demo_images.RESIDENCY_CERT,
                    (ImageSide.A,),
                )
            )
        if rng.random() < 0.08:
            materials.append(
                self._material(
                    MaterialKind.SUPPLEMENT,
                    {
                        "补充说明": rng.choice(
                            ("工作年限证明", "社保缴费证明", "人事代理证明", "单位更名说明")
                        )
                    },
                    demo_images.SUPPLEMENT_DOC,
                    (ImageSide.A,),
                )
            )
        return materials

    def _education(self, category: Category, timeline: Timeline) -> DemoMaterial:
        rng = self.rng
        majors = _MAJORS.get(category.series, _MAJORS["medicine"])
        if rng.random() < 0.02:  # 所学专业与报考专业不符
            majors = _MAJORS[rng.choice(sorted(_MAJORS))]
        major, major_type = rng.choice(majors)
        schools = _SCHOOLS[timeline.education]
        school_index = rng.randrange(len(schools))
        years = _STUDY_YEARS[timeline.education] + (
            1
            if timeline.education is EducationLevel.BACHELOR and major in {"临床医学", "口腔医学", "中医学"}
            else 0
        )
        grad = timeline.graduated_on
        mode = (
            pick(rng, _STUDY_MODES)
            if timeline.education is not EducationLevel.SECONDARY
            else StudyMode.FULL_TIME
        )
        fields = {
            "学历层级": timeline.education.label,
            "毕业证号": f"{10500 + school_index:05d}{1 + timeline.education.rank}{grad.year}{rng.randrange(10**8):08d}",
            "入学时间": date(grad.year - years, 9, 1).isoformat(),
            "毕业时间": grad.isoformat(),
            "毕业学校": schools[school_index],
            "学制": f"{years}年",
            "专业类型": major_type,
            "所学专业": major,
            "学习形式": mode.label,
            "学历认证报告编号": "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=16))
            if rng.random() < 0.9
            else "",
        }
        return self._material(
            MaterialKind.EDUCATION,
            fields,
            demo_images.EDUCATION_CERT,
            (ImageSide.A, ImageSide.REPORT),
            report_title=demo_images.EDUCATION_REPORT,
        )

    def _degree(self, timeline: Timeline) -> DemoMaterial:
        degree = {
            EducationLevel.BACHELOR: "学士",
            EducationLevel.MASTER: "硕士",
            EducationLevel.DOCTOR: "博士",
        }[timeline.education]
        return self._material(
            MaterialKind.DEGREE,
            {
                "学位名称": f"医学{degree}",
                "学位证号": f"{self.rng.randrange(10**16):016d}",
                "授予单位": self.rng.choice(_SCHOOLS[timeline.education]),
                "授予日期": timeline.graduated_on.isoformat(),
            },
            demo_images.DEGREE_CERT,
            (ImageSide.A,),
        )

    def _title(self, level: Level, category: Category, timeline: Timeline) -> DemoMaterial:
        rng = self.rng
        assert timeline.title_on is not None
        physician = category.series in PHYSICIAN_CLASS
        held_level = Level.JUNIOR if level is Level.INTERMEDIATE else Level.ASSISTANT
        appointed = date_after(rng, timeline.title_on, 0, 1) if rng.random() < 0.8 else None
        provincial = rng.random() < 0.02
        fields = {
            "资格系列": self.data.catalogue.series_label(category.code),
            "资格级别": held_level.label,
            "专业": category.name.split("(")[0] if not physician else "临床医学",
            "取得方式": "认定" if physician else "考试",
            "取得途径": "单位认定" if physician else "全国统考",
            "批准日期": timeline.title_on.isoformat(),
            "证书编号": f"{timeline.title_on.year}42{rng.randrange(10**10):010d}",
            "是否为省线证": "是" if provincial else "否",
            "是否基卫高": "否",
            "聘任日期": appointed.isoformat() if appointed else "",
        }
        return self._material(MaterialKind.TITLE, fields, demo_images.TITLE_CERT, (ImageSide.A, ImageSide.B))

    def _material(
        self,
        kind: MaterialKind,
        fields: dict[str, str],
        title: str,
        sides: tuple[ImageSide, ...],
        report_title: str | None = None,
    ) -> DemoMaterial:
        images: list[DemoImage] = []
        if self.rng.random() >= 0.03:  # ~3% of materials have no image at all (暂无图片)
            for page, side in enumerate(sides, start=1):
                image_title = report_title if side is ImageSide.REPORT and report_title else title
                pooled = self._pool_image(image_title)
                images.append(
                    DemoImage(
                        side=side,
                        sha256=pooled.sha256,
                        mime=pooled.mime,
                        size=pooled.size,
                        filename=f"{self.name}{self.id_number}{image_title}第{page}页.{pooled.extension}",
                    )
                )
        return DemoMaterial(kind, fields, images, VerifyStatus.PENDING, "")

    def _pool_image(self, title: str) -> PoolImage:
        by_title, normal, special = self.data.images_by_title
        if special and self.rng.random() < 0.015:
            return self.rng.choice(special)
        choices = by_title.get(title) or normal
        return choices[self.rng.randrange(len(choices))]

    def verify(self, materials: list[DemoMaterial], review: ReviewState) -> list[DemoMaterial]:
        """Materials of records a unit has decided on are mostly 核验通过; returned/rejected ones fail one."""
        rng = self.rng
        unit_status = review.status_at(Tier.UNIT)
        decided = (unit_status is not None and unit_status.value != "pending") or len(review.statuses) > 1
        if not decided:
            return materials
        failing = rng.randrange(len(materials)) if review.rejected or returned(review) else -1
        result = []
        for index, material in enumerate(materials):
            if index == failing:
                status, remark = VerifyStatus.FAILED, rng.choice(_FAILED_MATERIAL_REMARKS)
            elif rng.random() < 0.92:
                status, remark = VerifyStatus.VERIFIED, ""
            else:
                status, remark = VerifyStatus.PENDING, ""
            if not material.images and status is VerifyStatus.VERIFIED:
                status, remark = VerifyStatus.FAILED, "材料未上传"
            result.append(DemoMaterial(material.kind, material.fields, material.images, status, remark))
        return result
