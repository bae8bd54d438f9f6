"""The benchmark's taxa: the demo collection's crops, more native and landrace species, and their varieties.

A national collection holds a few hundred taxa. The species below are real (crop names as
Venezuelan farmers say them); to reach the requested count each species also appears
with botanical varieties (``var. orinocensis``...), which keeps crop names, and so the
``crop`` filter, realistic: many taxa share one crop. ``weight`` says how common a
species is among accessions (maize and beans dominate, as in real collections).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from seedbank.demo.data import CROPS

__all__ = ["Species", "taxa"]


@dataclass(frozen=True, slots=True)
class Species:
    genus: str
    species: str
    author: str
    crop_name: str
    common_name_es: str
    common_name_en: str
    varieties: tuple[str, ...]
    thousand_seed_weight_mg: int
    subtaxa: str | None = None
    local_name: str | None = None
    clonal: bool = False  # kept as plants or propagules, few units per lot
    weight: float = 1.0


# How common each demo crop is among accessions (the rest weigh 1).
_DEMO_WEIGHTS = {"maíz": 12.0, "caraota": 8.0, "frijol": 5.0, "ají dulce": 4.0, "auyama": 3.0, "yuca": 3.0}

# fmt: off
_MORE: tuple[Species, ...] = (
    Species("Phaseolus", "lunatus", "L.", "haba", "haba", "lima bean",
            ("Haba pintada", "Haba blanca", "Tapiramo"), 900_000, weight=2),
    Species("Cucurbita", "maxima", "Duchesne", "zapallo", "zapallo", "winter squash",
            ("Zapallo andino", "Zapallo de Timotes"), 250_000),
    Species("Cucurbita", "pepo", "L.", "calabacín", "calabacín", "summer squash", ("Calabacín criollo",), 150_000),
    Species("Capsicum", "annuum", "L.", "pimentón", "pimentón", "bell pepper",
            ("Pimentón criollo", "Pimentón morrón"), 7_000, weight=2),
    Species("Capsicum", "baccatum", "L.", "ají amarillo", "ají amarillo", "aji pepper",
            ("Ají amarillo andino",), 6_000),
    Species("Capsicum", "pubescens", "Ruiz & Pav.", "ají chivato", "ají chivato", "rocoto",
            ("Ají chivato de Mérida",), 9_000),
    Species("Canavalia", "ensiformis", "(L.) DC.", "frijol de burro", "frijol de burro", "jack bean",
            ("Frijol de burro blanco",), 1_300_000),
    Species("Lagenaria", "siceraria", "(Molina) Standl.", "tapara", "tapara", "bottle gourd",
            ("Tapara de agua", "Tapara larga"), 150_000),
    Species("Crescentia", "cujete", "L.", "totumo", "totumo", "calabash tree",
            ("Totumo llanero",), 40_000, clonal=True),
    Species("Arracacia", "xanthorrhiza", "Bancr.", "apio", "apio criollo", "arracacha",
            ("Apio amarillo", "Apio morado"), 20_000, clonal=True),
    Species("Ullucus", "tuberosus", "Caldas", "ruba", "ruba", "ulluco",
            ("Ruba amarilla", "Ruba rosada"), 10_000, clonal=True),
    Species("Oxalis", "tuberosa", "Molina", "oca", "oca", "oca", ("Oca roja de los páramos",), 5_000, clonal=True),
    Species("Tropaeolum", "tuberosum", "Ruiz & Pav.", "cuiba", "cuiba", "mashua",
            ("Cuiba morada",), 30_000, clonal=True),
    Species("Maranta", "arundinacea", "L.", "sagú", "sagú", "arrowroot", ("Sagú criollo",), 10_000, clonal=True),
    Species("Canna", "indica", "L.", "capacho", "capacho", "achira", ("Capacho rojo",), 100_000),
    Species("Pachyrhizus", "tuberosus", "(Lam.) Spreng.", "jícama", "jícama", "yam bean",
            ("Jícama amazónica",), 300_000),
    Species("Sechium", "edule", "(Jacq.) Sw.", "chayota", "chayota", "chayote",
            ("Chayota verde", "Chayota blanca"), 20_000, clonal=True),
    Species("Physalis", "peruviana", "L.", "uchuva", "uchuva", "goldenberry", ("Uchuva de páramo",), 1_000),
    Species("Solanum", "quitoense", "Lam.", "lulo", "lulo", "naranjilla", ("Lulo de Tovar",), 1_500),
    Species("Solanum", "betaceum", "Cav.", "tomate de árbol", "tomate de árbol", "tamarillo",
            ("Tomate de árbol rojo",), 2_000),
    Species("Carica", "papaya", "L.", "lechosa", "lechosa", "papaya", ("Lechosa criolla", "Lechosa maradol"), 15_000),
    Species("Psidium", "guajava", "L.", "guayaba", "guayaba", "guava", ("Guayaba criolla roja",), 8_000),
    Species("Annona", "muricata", "L.", "guanábana", "guanábana", "soursop", ("Guanábana criolla",), 500_000),
    Species("Passiflora", "edulis", "Sims", "parchita", "parchita", "passion fruit",
            ("Parchita amarilla", "Parchita morada"), 25_000),
    Species("Bactris", "gasipaes", "Kunth", "pijiguao", "pijiguao", "peach palm",
            ("Pijiguao rojo de Amazonas",), 2_500_000, clonal=True),
    Species("Mauritia", "flexuosa", "L.f.", "moriche", "moriche", "moriche palm",
            ("Moriche del Delta",), 40_000_000, clonal=True),
    Species("Persea", "americana", "Mill.", "aguacate", "aguacate", "avocado",
            ("Aguacate criollo", "Aguacate de montaña"), 30_000_000, clonal=True),
    Species("Ananas", "comosus", "(L.) Merr.", "piña", "piña", "pineapple",
            ("Piña de Lagunillas", "Piña criolla"), 3_000, clonal=True),
    Species("Vanilla", "planifolia", "Andrews", "vainilla", "vainilla", "vanilla",
            ("Vainilla de monte",), 100, clonal=True),
    Species("Coffea", "arabica", "L.", "café", "café", "coffee",
            ("Café típica", "Café bourbon criollo"), 150_000, clonal=True, weight=2),
    Species("Amaranthus", "cruentus", "L.", "amaranto", "amaranto", "amaranth", ("Amaranto rojo",), 800),
    Species("Eleusine", "coracana", "(L.) Gaertn.", "mijo", "mijo", "finger millet", ("Mijo criollo",), 2_500),
    Species("Oryza", "sativa", "L.", "arroz", "arroz", "rice",
            ("Arroz de secano criollo", "Arroz zulia"), 25_000, weight=2),
    Species("Hibiscus", "sabdariffa", "L.", "flor de Jamaica", "flor de Jamaica", "roselle",
            ("Jamaica morada",), 20_000),
    Species("Inga", "edulis", "Mart.", "guamo", "guamo", "ice-cream bean",
            ("Guamo de bejuco",), 1_500_000, clonal=True),
)
# fmt: on

# Botanical varieties give each species more taxa; real epithets, combined freely.
_EPITHETS = (
    "orinocensis",
    "guayanensis",
    "llanera",
    "andina",
    "caribaea",
    "venezuelensis",
    "rubra",
    "alba",
    "nigra",
    "purpurea",
    "lutea",
    "glabra",
    "hirsuta",
    "grandiflora",
    "parviflora",
    "silvestris",
    "montana",
    "deltana",
    "amazonica",
    "meridensis",
    "zuliana",
    "sabanera",
    "costera",
    "maculata",
    "striata",
    "tenuis",
    "robusta",
)


def _species() -> list[Species]:
    demo = [
        Species(
            genus=crop.genus,
            species=crop.species,
            author=crop.author,
            crop_name=crop.crop_name,
            common_name_es=crop.common_name_es,
            common_name_en=crop.common_name_en,
            varieties=crop.varieties,
            thousand_seed_weight_mg=crop.thousand_seed_weight_mg,
            subtaxa=crop.subtaxa,
            local_name=crop.local_name,
            clonal=crop.clonal,
            weight=_DEMO_WEIGHTS.get(crop.crop_name, 1.0),
        )
        for crop in CROPS
    ]
    return demo + list(_MORE)


def taxa(count: int) -> list[Species]:
    """``count`` distinct taxa: every species once, then botanical varieties of them in turn."""
    species = _species()
    chosen = species[:count]
    round_number = 0
    while len(chosen) < count:
        for index, base in enumerate(species):
            if len(chosen) == count:
                break
            epithet = _EPITHETS[(index + round_number * 7) % len(_EPITHETS)]
            suffix = f"var. {epithet}" if round_number < len(_EPITHETS) else f"var. {epithet} {round_number}"
            subtaxa = f"{base.subtaxa} {suffix}" if base.subtaxa else suffix
            # A variety is rarer than its species.
            chosen.append(replace(base, subtaxa=subtaxa, weight=base.weight / 4))
        round_number += 1
    return chosen
