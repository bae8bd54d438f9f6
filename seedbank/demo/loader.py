"""Load the demo collection through the same services the API uses (deterministic for a seed)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from seedbank.accounts import services as accounts
from seedbank.accounts.principal import SYSTEM
from seedbank.accounts.roles import Role
from seedbank.accounts.schemas import UserCreate
from seedbank.catalog import services
from seedbank.catalog.regeneration import BreedingSystem
from seedbank.catalog.schemas import (
    AccessionCreate,
    CustodianCreate,
    LotCreate,
    LotRead,
    MovementCreate,
    SplitCreate,
    TaxonCreate,
)
from seedbank.catalog.schemas_germination import GerminationTestCreate, ReplicateCounts
from seedbank.catalog.services import germination
from seedbank.catalog.vocabulary import AccessTerms, CustodianKind, CustodianSetting, EntryKind, StorageCondition
from seedbank.db import Database
from seedbank.demo.data import BREEDING_SYSTEMS, CROPS, CUSTODIANS, Crop, Place
from seedbank.errors import InvalidState
from seedbank.settings import Settings
from seedbank.tables import ALL_TABLES

__all__ = ["DemoSummary", "load_demo", "load_demo_into"]

CENTRE = 0  # index of the safeguarding centre in CUSTODIANS
COLLECTORS = (
    "María Teresa Quintero",
    "José Gregorio Pérez",
    "Yusmary Uriana",
    "Nelson Ipuana",
    "Carmen Pocaterra",
    "Ana Lucía Rondón",
    "Luis Ramón Araque",
    "Ñusta Mamani",
    "Wilmer Epieyú",
    "Comisión de semillas de la comuna",
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    password: str
    organisation: str | None


@dataclass(frozen=True)
class DemoSummary:
    taxa: int
    custodians: int
    accessions: int
    lots: int
    entries: int
    accounts: tuple[DemoAccount, ...] = ()
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "the database already holds accessions: demo collection not loaded"
        lines = [
            f"demo collection loaded: {self.taxa} taxa, {self.custodians} custodians, "
            f"{self.accessions} accessions, {self.lots} lots, {self.entries} ledger entries"
        ]
        if self.accounts:
            lines.append("demo accounts (passwords drawn now, shown only this once):")
            lines += [
                f"  {a.role:<9} {a.email:<28} {a.password}" + (f"  ({a.organisation})" if a.organisation else "")
                for a in self.accounts
            ]
        return "\n".join(lines)


async def load_demo(
    settings: Settings, *, seed: int, accessions: int, only_if_empty: bool, accounts: bool = True
) -> DemoSummary:
    db = Database(settings.database_url, settings.db_pool_size)
    db.bind(ALL_TABLES)
    await db.start()
    try:
        if only_if_empty and await db.fetch_value("SELECT COUNT(*) FROM accession"):
            return DemoSummary(0, 0, 0, 0, 0, skipped=True)
        return await load_demo_into(db, instcode=settings.instcode, seed=seed, accessions=accessions, accounts=accounts)
    finally:
        await db.stop()


async def load_demo_into(
    db: Database, *, instcode: str, seed: int, accessions: int, accounts: bool = False
) -> DemoSummary:
    rng = random.Random(seed)
    # A stream of its own, so adding tests to the demo leaves the rest of the collection as it was.
    tests = random.Random(f"{seed}-germination")
    taxa = {crop.crop_name: await _taxon(db, crop) for crop in CROPS}
    custodians = [await _custodian(db, place) for place in CUSTODIANS]
    counts = {"lots": 0, "entries": 0}
    for number in range(accessions):
        showcase = number < len(CROPS)  # every crop once, its best-known variety where it is grown
        crop = CROPS[number] if showcase else rng.choice(CROPS)
        variety = crop.varieties[0] if showcase else rng.choice(crop.varieties)
        growers = [i for i, place in enumerate(CUSTODIANS) if crop.crop_name in place.crops] or [CENTRE]
        home = _home_of(variety, growers) if showcase else rng.choice(growers)
        place = CUSTODIANS[home]
        accession_id = await _accession(db, rng, instcode, crop, variety, taxa[crop.crop_name], place, custodians[home])
        for lot in await _lots(db, rng, crop, accession_id, custodians[home], custodians[CENTRE], counts):
            await _germination_tests(db, tests, lot, counts)
    made = await _accounts(db, custodians) if accounts else ()
    return DemoSummary(len(taxa), len(custodians), accessions, counts["lots"], counts["entries"], made)


async def _accounts(db: Database, custodians: list[int]) -> tuple[DemoAccount, ...]:
    """One account per role, with passwords drawn now (a demo must not ship a known admin password)."""
    wanted = (
        ("admin@semillas.demo", Role.ADMIN, None),
        ("centro@semillas.demo", Role.CENTRE, CENTRE),
        ("maizal@semillas.demo", Role.CUSTODIAN, 1),
        ("agricultora@semillas.demo", Role.FARMER, None),
    )
    made = []
    for email, role, index in wanted:
        password = secrets.token_urlsafe(12)
        organisations = [custodians[index]] if index is not None else []
        await accounts.create_user(
            db, SYSTEM, UserCreate(email=email, password=password, role=role, custodian_ids=organisations)
        )
        made.append(DemoAccount(email, role, password, CUSTODIANS[index].name if index is not None else None))
    return tuple(made)


async def _taxon(db: Database, crop: Crop) -> int:
    taxon = await services.create_taxon(
        db,
        SYSTEM,
        TaxonCreate(
            genus=crop.genus,
            species=crop.species,
            species_author=crop.author,
            subtaxa=crop.subtaxa,
            crop_name=crop.crop_name,
            common_name_es=crop.common_name_es,
            common_name_en=crop.common_name_en,
            local_name=crop.local_name,
            breeding_system=BreedingSystem(BREEDING_SYSTEMS[crop.crop_name])
            if crop.crop_name in BREEDING_SYSTEMS
            else None,
        ),
    )
    return taxon.id


async def _custodian(db: Database, place: Place) -> int:
    custodian = await services.create_custodian(
        db,
        SYSTEM,
        CustodianCreate(
            name=place.name,
            kind=CustodianKind(place.kind),
            setting=CustodianSetting(place.setting),
            state=place.state,
            municipality=place.municipality,
            parish=place.parish,
            latitude=place.latitude,
            longitude=place.longitude,
            elevation_m=place.elevation_m,
            contact=f"semillas@{place.parish.lower().replace(' ', '')}.example",
        ),
    )
    return custodian.id


def _home_of(variety: str, growers: list[int]) -> int:
    """The grower whose town names the variety ("Ñame morado de Caicara" → Caicara), else the first."""
    for index in growers:
        town = CUSTODIANS[index].parish.split()[0]
        if town in variety:
            return index
    return growers[0]


async def _accession(
    db: Database,
    rng: random.Random,
    instcode: str,
    crop: Crop,
    variety: str,
    taxon_id: int,
    home: Place,
    steward_id: int,
) -> int:
    names = [variety]
    if home.community == "Wayuu" and crop.crop_name == "ají":
        names.append("ai'ruushi")
    year = rng.randint(1975, 2024)
    month = rng.choice([None, rng.randint(1, 12)])
    date = f"{year}" if month is None else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    free = AccessTerms.FREE
    terms = rng.choice([AccessTerms.COMMUNITY_ONLY, AccessTerms.PIC_REQUIRED]) if home.community else free
    accession = await services.create_accession(
        db,
        SYSTEM,
        AccessionCreate(
            taxon_id=taxon_id,
            steward_custodian_id=steward_id,
            accession_names=names,
            biological_status=100 if crop.wild_relative else rng.choice([300, 300, 300, 300, 500]),
            collecting_site=f"{home.parish}, {home.municipality}, {home.state}",
            collecting_latitude=round(home.latitude + rng.uniform(-0.08, 0.08), 4),
            collecting_longitude=round(home.longitude + rng.uniform(-0.08, 0.08), 4),
            coordinate_uncertainty_m=rng.choice([30, 100, 500, 2000]),
            elevation_m=home.elevation_m,
            collecting_date=date,
            collector=rng.choice(COLLECTORS),
            collecting_source=rng.choice([20, 23, 26, 30]) if not crop.wild_relative else 60,
            donor_name=home.name,
            origin_country="VEN",
            acquisition_date=str(min(year + rng.randint(0, 3), 2025)),
            storage_types=[20] if crop.clonal else [12, 13],
            mls_status=0,
            access_terms=terms,
            holder_community=home.community,
            remarks="Colección demostrativa" if rng.random() < 0.1 else None,
        ),
        instcode=instcode,
    )
    return accession.id


async def _lots(
    db: Database,
    rng: random.Random,
    crop: Crop,
    accession_id: int,
    home_id: int,
    centre_id: int,
    counts: dict[str, int],
) -> list[LotRead]:
    """A lot kept by the community, often a base-collection lot at the centre, and their stories.

    Returns the seed lots worth a germination test (not the clonal ones).
    """
    quantity = rng.randint(40, 400) if crop.clonal else rng.randint(500, 20_000)
    home = await services.register_lot(
        db,
        SYSTEM,
        LotCreate(
            accession_id=accession_id,
            custodian_id=home_id,
            initial_quantity=quantity,
            initial_entry_kind=EntryKind.HARVEST,
            harvest_date=str(rng.randint(2016, 2025)),
            storage_condition=StorageCondition.AMBIENT if crop.clonal else StorageCondition.ACTIVE,
            storage_location=f"Estante {rng.randint(1, 12)}",
            moisture_content_pct=None if crop.clonal else round(rng.uniform(6.0, 12.0), 1),
            thousand_seed_weight_mg=crop.thousand_seed_weight_mg,
            actor="Comisión de semillas",
        ),
    )
    counts["lots"] += 1
    counts["entries"] += 1
    seed_lots = [] if crop.clonal else [home]
    if not crop.clonal and rng.random() < 0.6:
        base = await services.register_lot(
            db,
            SYSTEM,
            LotCreate(
                accession_id=accession_id,
                custodian_id=centre_id,
                initial_quantity=rng.randint(2_000, 12_000),
                parent_lot_id=home.id,
                harvest_date=home.harvest_date,
                storage_condition=StorageCondition.BASE,
                storage_location=f"Cámara fría B{rng.randint(1, 4)}, gaveta {rng.randint(1, 60)}",
                moisture_content_pct=round(rng.uniform(4.0, 7.0), 1),
                thousand_seed_weight_mg=crop.thousand_seed_weight_mg,
                reason="duplicado de seguridad en la colección base",
                actor="Centro de resguardo",
            ),
        )
        counts["lots"] += 1
        counts["entries"] += 1
        seed_lots.append(base)
    await _story(db, rng, home.id, home.on_hand, counts)
    return seed_lots


async def _germination_tests(db: Database, rng: random.Random, lot: LotRead, counts: dict[str, int]) -> None:
    """A first test after harvest for most lots; for some a later, poorer one (regeneration due), or one whose
    replicates disagree (to be repeated)."""
    if rng.random() < 0.3:
        return
    on_hand = (await services.get_lot(db, lot.id)).on_hand
    seeds = 100 if on_hand >= 2_000 else 25
    harvested = int((lot.harvest_date or "2020")[:4])
    first = dt.date(harvested, rng.randint(2, 11), rng.randint(1, 28))
    initial = rng.randint(82, 97)
    story = rng.random()
    plan = [(first, initial, 2)]
    if story < 0.25 and first.year < 2024:  # aged in store: a later test well below the first
        plan.append((dt.date(2025, rng.randint(1, 10), rng.randint(1, 28)), initial - rng.randint(12, 30), 2))
    elif story < 0.35:  # replicates that disagree: the test must be repeated
        plan.append((dt.date(2025, rng.randint(1, 10), rng.randint(1, 28)), initial - 5, 14))
    for ended, percent, spread in plan:
        normals = [percent + spread, percent - spread, percent + spread // 2, percent - spread // 2]
        counted = [max(0, min(seeds, n * seeds // 100)) for n in normals]
        replicates = [
            ReplicateCounts(seeds=seeds, normal=normal, abnormal=min(rng.randint(0, 2), seeds - normal))
            for normal in counted
        ]
        try:
            await germination.record_test(
                db,
                SYSTEM,
                lot.id,
                GerminationTestCreate(
                    started_on=ended - dt.timedelta(days=7),
                    ended_on=ended,
                    replicates=replicates,
                    method="entre papel",
                    temperature="20/30 °C",
                    analyst="Laboratorio de semillas del centro",
                ),
            )
        except InvalidState:  # not enough seed left for a test
            return
        counts["entries"] += 1


async def _story(db: Database, rng: random.Random, lot_id: int, on_hand: int, counts: dict[str, int]) -> None:
    """Swaps, tests, losses, a correction now and then, and sometimes a split."""
    for _ in range(rng.randint(0, 4)):
        kind = rng.choice([EntryKind.ISSUE, EntryKind.ISSUE, EntryKind.TEST_USE, EntryKind.LOSS, EntryKind.RETURN])
        amount = max(1, int(on_hand * rng.uniform(0.02, 0.15)))
        try:
            entry = await services.record_stock_movement(
                db, SYSTEM, lot_id, MovementCreate(kind=kind, quantity=amount, reason=_REASONS[kind], actor="Custodio")
            )
        except InvalidState:
            continue
        on_hand = entry.balance_after
        counts["entries"] += 1
        if kind is EntryKind.LOSS and rng.random() < 0.3:
            entry = await services.record_stock_movement(
                db,
                SYSTEM,
                lot_id,
                MovementCreate(kind=EntryKind.CORRECTION, corrects_entry_id=entry.id, reason="pérdida mal anotada"),
            )
            on_hand = entry.balance_after
            counts["entries"] += 1
    if on_hand > 1000 and rng.random() < 0.15:
        await services.split_lot(
            db, SYSTEM, lot_id, SplitCreate(quantity=on_hand // 4, reason="semilla para siembra de regeneración")
        )
        counts["lots"] += 1
        counts["entries"] += 2


_REASONS = {
    EntryKind.ISSUE: "intercambio con agricultor",
    EntryKind.TEST_USE: "prueba de germinación",
    EntryKind.LOSS: "daño por gorgojo",
    EntryKind.RETURN: "devolución de cosecha",
}
