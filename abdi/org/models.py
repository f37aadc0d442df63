"""The agency (instansi), its unit kerja tree and its positions (jabatan)."""

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from abdi.core.choices import PositionKind
from abdi.core.models import TimeStampedModel
from abdi.org.choices import OrgUnitKind

if TYPE_CHECKING:

    class _TreeManager(models.Manager["OrgUnit"]):
        """treebeard's MP_NodeManager, which ships no types: its queryset API as Django's, its
        tree API (add_root, add_child, move, get_tree, ...) left untyped."""

        def __getattr__(self, name: str) -> Any: ...


class Agency(TimeStampedModel):
    code = models.CharField(_("kode instansi"), max_length=20, unique=True)
    name = models.CharField(_("nama instansi"), max_length=200)
    region = models.CharField(_("wilayah"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name


class OrgUnit(MP_Node, TimeStampedModel):
    """A unit kerja. The tree is a materialised path; `parent` is kept alongside so that the
    history of a move reads as "from X to Y"."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("kode unit"), max_length=40, unique=True)
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    closed_on = models.DateField(_("ditutup pada"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["numchild"])

    node_order_by = ["name"]

    # The manager comes from treebeard's MP_Node, which ships no types: named here for the type
    # checker only (also as the default manager, which the reverse relations are built from).
    objects: ClassVar["_TreeManager"]
    _default_manager: ClassVar["_TreeManager"]

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        indexes = [models.Index(fields=["agency", "is_active"])]

    def __str__(self) -> str:
        return self.name


class Position(TimeStampedModel):
    code = models.CharField(_("kode jabatan"), max_length=40, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)
    class_grade = models.PositiveSmallIntegerField(
        _("kelas jabatan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="positions"
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung (jabatan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="direct_reports",
    )
    posts = models.PositiveSmallIntegerField(
        _("jumlah formasi"), default=1, validators=[MinValueValidator(1)]
    )
    is_unit_head = models.BooleanField(_("kepala unit"), default=False)
    retirement_age_override = models.PositiveSmallIntegerField(
        _("BUP khusus"),
        null=True,
        blank=True,
        validators=[MinValueValidator(40), MaxValueValidator(75)],
        help_text=_("Isi bila undang-undang khusus menetapkan BUP lain, mis. guru 60."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["org_unit__path", "-is_unit_head", "name"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name
