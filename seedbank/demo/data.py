"""The demo collection's raw material: crops, custodians and variety names.

Places and coordinates are real Venezuelan towns (approximate centres); the custodians
and their holdings are illustrative, not a record of any real community's seed.
Crop and variety names are the Spanish (and some indigenous) names farmers use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CROPS", "CUSTODIANS", "Crop", "Place"]


@dataclass(frozen=True)
class Crop:
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
    wild_relative: bool = False
    clonal: bool = False  # kept as plants or propagules in the field, not as dry seed


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    setting: str
    state: str
    municipality: str
    parish: str
    latitude: float
    longitude: float
    elevation_m: int
    crops: tuple[str, ...] = field(default_factory=tuple)  # crop names this custodian is known for
    community: str | None = None  # the holder community, for indigenous and local varieties


CROPS: tuple[Crop, ...] = (
    Crop("Zea", "mays", "L.", "maíz", "maíz", "maize",
         ("Maíz cariaco", "Maíz tusa morada", "Maíz pollo", "Maíz huevito", "Maíz guanape", "Maíz canilla",
          "Maíz amarillo criollo", "Maíz negro de Sanare", "Maíz cariaco blanco", "Maíz carao"),
         320_000, subtaxa="subsp. mays", local_name="maiki"),
    Crop("Phaseolus", "vulgaris", "L.", "caraota", "caraota", "common bean",
         ("Caraota negra criolla", "Caraota roja", "Caraota blanca de Boconó", "Caraota bayita",
          "Caraota cubagua"), 250_000),
    Crop("Vigna", "unguiculata", "(L.) Walp.", "frijol", "frijol", "cowpea",
         ("Frijol bayo", "Frijol ojo negro", "Frijol pintado", "Frijol rosado", "Frijol guajiro"), 160_000),
    Crop("Cajanus", "cajan", "(L.) Millsp.", "quinchoncho", "quinchoncho", "pigeon pea",
         ("Quinchoncho blanco", "Quinchoncho morado", "Quinchoncho de Lara"), 110_000),
    Crop("Capsicum", "chinense", "Jacq.", "ají dulce", "ají dulce", "sweet chili pepper",
         ("Ají dulce rosita", "Ají dulce margariteño", "Ají dulce llanerón", "Ají jobito", "Ají dulce topito"),
         6_000),
    Crop("Capsicum", "frutescens", "L.", "ají", "ají picante", "hot chili pepper",
         ("Ají chirel", "Ají wayuu", "Ají de monte"), 5_000, wild_relative=True),
    Crop("Manihot", "esculenta", "Crantz", "yuca", "yuca", "cassava",
         ("Yuca amarga de casabe", "Yuca dulce", "Yuca morada"), 120_000, clonal=True),
    Crop("Dioscorea", "alata", "L.", "ñame", "ñame", "water yam",
         ("Ñame morado de Caicara", "Ñame blanco", "Ñame papa"), 500_000, clonal=True),
    Crop("Dioscorea", "trifida", "L.f.", "mapuey", "mapuey", "cush-cush yam",
         ("Mapuey morado", "Mapuey blanco"), 400_000, clonal=True),
    Crop("Cucurbita", "moschata", "Duchesne", "auyama", "auyama", "tropical pumpkin",
         ("Auyama criolla", "Auyama macao", "Auyama de Carache"), 150_000),
    Crop("Xanthosoma", "sagittifolium", "(L.) Schott", "ocumo", "ocumo", "tannia",
         ("Ocumo chino", "Ocumo blanco", "Ocumo morado"), 300_000, clonal=True),
    Crop("Theobroma", "cacao", "L.", "cacao", "cacao", "cacao",
         ("Cacao criollo de Chuao", "Cacao de Río Caribe", "Cacao carenero superior", "Cacao porcelana"),
         1_200_000, clonal=True),
    Crop("Chenopodium", "quinoa", "Willd.", "quinua", "quinua andina", "quinoa",
         ("Quinua andina de Mucuchíes", "Quinua blanca de Timotes", "Quinua roja"), 3_000),
    Crop("Solanum", "tuberosum", "L.", "papa", "papa andina", "Andean potato",
         ("Papa negra andina", "Papa arbolona", "Papa concha de piña", "Papa camueja"), 60,
         subtaxa="subsp. andigena"),
    Crop("Amaranthus", "dubius", "Mart. ex Thell.", "pira", "pira", "amaranth",
         ("Pira roja", "Pira blanca"), 700),
    Crop("Arachis", "hypogaea", "L.", "maní", "maní", "peanut",
         ("Maní criollo", "Maní rojo de Sabaneta"), 450_000),
    Crop("Sesamum", "indicum", "L.", "ajonjolí", "ajonjolí", "sesame",
         ("Ajonjolí blanco", "Ajonjolí negro"), 3_000),
    Crop("Gossypium", "barbadense", "L.", "algodón", "algodón nativo", "Sea Island cotton",
         ("Algodón pardo", "Algodón blanco de Paraguaná"), 110_000),
    Crop("Bixa", "orellana", "L.", "onoto", "onoto", "annatto",
         ("Onoto rojo", "Onoto de Barlovento"), 25_000),
    Crop("Solanum", "lycopersicum", "L.", "tomate", "tomate", "tomato",
         ("Tomate perita criollo", "Tomate riñón", "Tomatico de monte"), 3_000),
    Crop("Sorghum", "bicolor", "(L.) Moench", "sorgo", "sorgo", "sorghum",
         ("Sorgo blanco criollo", "Sorgo rojo"), 30_000),
    Crop("Ipomoea", "batatas", "(L.) Lam.", "batata", "batata", "sweet potato",
         ("Batata morada", "Batata blanca"), 20_000, clonal=True),
)

CUSTODIANS: tuple[Place, ...] = (
    Place("Centro Nacional de Resguardo de Semillas", "centre", "urban", "Aragua", "Girardot", "Las Delicias",
          10.2870, -67.6090, 450),
    Place("Comuna El Maizal", "commune", "rural", "Lara", "Simón Planas", "Sarare", 9.7800, -69.1600, 320,
          ("maíz", "caraota", "quinchoncho")),
    Place("Consejo Comunal Indígena Wayuu de Paraguaipoa", "communal-council", "indigenous", "Zulia", "Guajira",
          "Alta Guajira", 11.3500, -71.9500, 20, ("maíz", "frijol", "ají", "auyama"), community="Wayuu"),
    Place("Comunidad Pemón de Kumarakapay", "communal-council", "indigenous", "Bolívar", "Gran Sabana",
          "Sección Capital Gran Sabana", 5.0500, -61.0700, 880, ("yuca", "ají", "ocumo"), community="Pemón"),
    Place("Consejo Comunal Warao de Nabasanuka", "communal-council", "indigenous", "Delta Amacuro", "Antonio Díaz",
          "Manuel Renaud", 9.0000, -61.1000, 5, ("ocumo", "ñame"), community="Warao"),
    Place("Comunidad Yukpa de Tokuko", "communal-council", "indigenous", "Zulia", "Machiques de Perijá",
          "Río Negro", 10.0600, -72.5500, 300, ("maíz", "caraota"), community="Yukpa"),
    Place("Comunidad Yanomami de Parɨma B", "communal-council", "indigenous", "Amazonas", "Alto Orinoco",
          "Parima", 2.8500, -64.2500, 900, ("yuca", "batata"), community="Yanomami"),
    Place("Comunidad Ye'kwana de Santa María de Erebato", "communal-council", "indigenous", "Bolívar", "Sucre",
          "Aripao", 5.6500, -64.5000, 250, ("yuca", "ají"), community="Ye'kwana"),
    Place("Consejo Comunal Jivi de Betania de Topocho", "communal-council", "indigenous", "Amazonas", "Atures",
          "Parhueña", 5.8300, -67.4700, 80, ("yuca", "maíz"), community="Jivi"),
    Place("Consejo Comunal Kariña de Tascabaña", "communal-council", "indigenous", "Anzoátegui", "Freites",
          "Cantaura", 8.8500, -64.5000, 230, ("yuca", "auyama"), community="Kariña"),
    Place("Consejo Comunal Los Pinos de Caicara", "communal-council", "rural", "Bolívar", "Cedeño",
          "Caicara del Orinoco", 7.6500, -66.1700, 60, ("ñame", "maíz")),
    Place("Comuna Páramo de Mucuchíes", "commune", "rural", "Mérida", "Rangel", "Mucuchíes", 8.7500, -70.9200,
          2980, ("papa", "quinua")),
    Place("Consejo Comunal La Mucuy Baja", "communal-council", "rural", "Mérida", "Santos Marquina", "Tabay",
          8.6300, -71.0700, 1700, ("papa", "caraota")),
    Place("Finca familiar Los Araque", "family-farm", "rural", "Mérida", "Miranda", "Timotes", 8.9800, -70.7400,
          2020, ("quinua", "papa")),
    Place("Consejo Comunal Bailadores Productivo", "communal-council", "rural", "Mérida", "Rivas Dávila",
          "Bailadores", 8.2500, -71.8300, 1750, ("caraota", "papa")),
    Place("Comuna Socialista Queniquea", "commune", "rural", "Táchira", "Sucre", "Queniquea", 7.9200, -72.0200,
          1800, ("caraota", "maíz")),
    Place("Huerto urbano La Concordia", "communal-council", "urban", "Táchira", "San Cristóbal", "La Concordia",
          7.7670, -72.2250, 820, ("tomate", "ají dulce")),
    Place("Comuna Agroecológica Boconó", "commune", "rural", "Trujillo", "Boconó", "Boconó", 9.2500, -70.2500,
          1225, ("caraota", "maíz")),
    Place("Consejo Comunal Carache Alto", "communal-council", "rural", "Trujillo", "Carache", "Carache",
          9.6300, -70.2300, 1200, ("auyama", "caraota")),
    Place("Consejo Comunal Sanare Semilla Libre", "communal-council", "rural", "Lara", "Andrés Eloy Blanco",
          "Sanare", 9.7500, -69.6500, 1360, ("maíz", "caraota", "ají dulce")),
    Place("Patio productivo El Cují", "family-farm", "urban", "Lara", "Iribarren", "Juan de Villegas",
          10.0670, -69.3470, 560, ("ají dulce", "tomate", "quinchoncho")),
    Place("Consejo Comunal Cacaotero de Chuao", "communal-council", "rural", "Aragua", "Santiago Mariño", "Chuao",
          10.5000, -67.5300, 30, ("cacao", "onoto")),
    Place("Comuna Ocumare de la Costa", "commune", "rural", "Aragua", "Costa de Oro", "Ocumare de la Costa",
          10.4600, -67.7700, 20, ("cacao", "ñame")),
    Place("Consejo Comunal Barlovento Cimarrón", "communal-council", "rural", "Miranda", "Acevedo", "Caucagua",
          10.2800, -66.3800, 50, ("cacao", "onoto", "ocumo")),
    Place("Huerto comunitario 23 de Enero", "communal-council", "urban", "Distrito Capital", "Libertador",
          "23 de Enero", 10.5060, -66.9140, 920, ("ají dulce", "tomate", "frijol")),
    Place("Comuna Altos de Lídice", "commune", "urban", "Distrito Capital", "Libertador", "La Pastora",
          10.5200, -66.9200, 1050, ("caraota", "ají dulce")),
    Place("Consejo Comunal Río Caribe", "communal-council", "rural", "Sucre", "Arismendi", "Río Caribe",
          10.7000, -63.1100, 10, ("cacao", "ocumo")),
    Place("Consejo Comunal El Pilar de Cumaná", "communal-council", "urban", "Sucre", "Sucre", "Altagracia",
          10.4500, -64.1700, 10, ("frijol", "maní")),
    Place("Comuna Caripe del Guácharo", "commune", "rural", "Monagas", "Caripe", "Caripe", 10.1700, -63.5000,
          850, ("caraota", "maíz")),
    Place("Consejo Comunal Sabana de Maturín", "communal-council", "rural", "Monagas", "Maturín", "San Simón",
          9.7500, -63.1800, 70, ("maní", "frijol", "auyama")),
    Place("Comuna Sierra de San Luis", "commune", "rural", "Falcón", "Petit", "Curimagua", 11.1700, -69.6700,
          1300, ("maíz", "caraota")),
    Place("Consejo Comunal Paraguaná Árida", "communal-council", "rural", "Falcón", "Carirubana", "Punta Cardón",
          11.6500, -70.2100, 30, ("algodón", "frijol", "sorgo")),
    Place("Consejo Comunal San Felipe El Fuerte", "communal-council", "urban", "Yaracuy", "San Felipe",
          "San Felipe", 10.3400, -68.7400, 230, ("ají dulce", "quinchoncho")),
    Place("Comuna Cojedes Llanera", "commune", "rural", "Cojedes", "Ezequiel Zamora", "San Carlos de Austria",
          9.6600, -68.5800, 150, ("maíz", "sorgo")),
    Place("Consejo Comunal Guanare Agroproductivo", "communal-council", "rural", "Portuguesa", "Guanare",
          "Guanare", 9.0400, -69.7400, 180, ("maíz", "caraota", "ajonjolí")),
    Place("Comuna Barinas Sabanera", "commune", "rural", "Barinas", "Barinas", "Alto Barinas", 8.6200, -70.2100,
          190, ("maíz", "yuca")),
    Place("Consejo Comunal Apure Llano Adentro", "communal-council", "rural", "Apure", "San Fernando",
          "San Fernando", 7.8900, -67.4700, 45, ("yuca", "auyama", "frijol")),
    Place("Consejo Comunal Calabozo Arrocero", "communal-council", "rural", "Guárico", "Francisco de Miranda",
          "Calabozo", 8.9300, -67.4300, 100, ("sorgo", "ajonjolí")),
    Place("Consejo Comunal Margarita Insular", "communal-council", "urban", "Nueva Esparta", "Arismendi",
          "La Asunción", 11.0300, -63.8600, 40, ("ají dulce", "frijol")),
    Place("Comuna Tucupita Ribereña", "commune", "urban", "Delta Amacuro", "Tucupita", "San José", 9.0600,
          -62.0500, 5, ("ocumo", "ñame")),
    Place("Consejo Comunal Puerto Ayacucho Uwottüja", "communal-council", "indigenous", "Amazonas", "Atures",
          "Fernando Girón Tovar", 5.6600, -67.6200, 100, ("yuca", "ají"), community="Uwottüja (Piaroa)"),
)
