"""Where the benchmark's custodians live: Venezuela's federal entities, their towns, and the names people give.

Towns are real municipalities' seats (approximate centres, degrees); custodians are
spread around them so the map has the clusters a national network would have. Each
entity carries a rough bounding box (points are clipped into it), a weight close to
its share of the population, an elevation range, and the indigenous peoples whose
communal councils it holds. Good enough for distances and bounding boxes, not a gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COUNCIL_NAMES", "FAMILY_NAMES", "GIVEN_NAMES", "STATES", "State", "Town"]


@dataclass(frozen=True, slots=True)
class Town:
    municipality: str
    parish: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class State:
    name: str
    weight: float  # roughly millions of inhabitants
    south: float
    north: float
    west: float
    east: float
    elevation_m: tuple[int, int]
    towns: tuple[Town, ...]
    peoples: tuple[str, ...] = ()


def _towns(*rows: tuple[str, str, float, float]) -> tuple[Town, ...]:
    return tuple(Town(*row) for row in rows)


# One entity per block, read as a table.
# fmt: off
STATES: tuple[State, ...] = (
    State(
        "Amazonas", 0.18, 0.7, 6.2, -67.9, -63.3, (80, 1200),
        _towns(
            ("Atures", "Puerto Ayacucho", 5.66, -67.62),
            ("Atabapo", "San Fernando de Atabapo", 4.05, -67.7),
            ("Alto Orinoco", "La Esmeralda", 3.17, -65.55),
            ("Río Negro", "San Carlos de Río Negro", 1.92, -67.06),
            ("Autana", "Isla Ratón", 5.05, -67.8),
        ),
        ("Yanomami", "Uwottüja", "Jivi", "Ye'kwana", "Baniva", "Curripaco"),
    ),
    State(
        "Anzoátegui", 1.6, 7.6, 10.3, -66.0, -62.9, (10, 600),
        _towns(
            ("Simón Bolívar", "Barcelona", 10.13, -64.69),
            ("Sotillo", "Puerto La Cruz", 10.21, -64.63),
            ("Simón Rodríguez", "El Tigre", 8.89, -64.25),
            ("Anaco", "Anaco", 9.44, -64.47),
            ("Freites", "Cantaura", 9.31, -64.36),
            ("Manuel Ezequiel Bruzual", "Clarines", 9.94, -65.17),
        ),
        ("Kariña", "Cumanagoto"),
    ),
    State(
        "Apure", 0.55, 6.1, 8.2, -72.4, -66.3, (40, 400),
        _towns(
            ("San Fernando", "San Fernando de Apure", 7.89, -67.47),
            ("Páez", "Guasdualito", 7.24, -70.73),
            ("Achaguas", "Achaguas", 7.78, -68.22),
            ("Rómulo Gallegos", "Elorza", 7.06, -69.5),
            ("Biruaca", "Biruaca", 7.84, -67.52),
        ),
        ("Pumé", "Jivi"),
    ),
    State(
        "Aragua", 1.8, 9.3, 10.55, -67.9, -66.6, (20, 1800),
        _towns(
            ("Girardot", "Maracay", 10.25, -67.6),
            ("Santiago Mariño", "Turmero", 10.23, -67.47),
            ("José Félix Ribas", "La Victoria", 10.23, -67.33),
            ("Sucre", "Cagua", 10.19, -67.46),
            ("Zamora", "Villa de Cura", 10.04, -67.49),
            ("San Casimiro", "San Casimiro", 10.0, -67.02),
            ("Tovar", "Colonia Tovar", 10.41, -67.29),
        ),
    ),
    State(
        "Barinas", 0.9, 7.0, 9.2, -71.6, -67.8, (100, 1500),
        _towns(
            ("Barinas", "Alto Barinas", 8.62, -70.21),
            ("Antonio José de Sucre", "Socopó", 8.23, -70.82),
            ("Ezequiel Zamora", "Santa Bárbara", 7.81, -71.18),
            ("Bolívar", "Barinitas", 8.76, -70.41),
            ("Alberto Arvelo Torrealba", "Sabaneta", 8.75, -69.93),
            ("Pedraza", "Ciudad Bolivia", 8.36, -70.59),
        ),
    ),
    State(
        "Bolívar", 1.6, 3.6, 8.4, -67.5, -60.6, (20, 1400),
        _towns(
            ("Angostura del Orinoco", "Ciudad Bolívar", 8.12, -63.55),
            ("Caroní", "Ciudad Guayana", 8.29, -62.73),
            ("Piar", "Upata", 8.01, -62.4),
            ("Cedeño", "Caicara del Orinoco", 7.65, -66.17),
            ("Gran Sabana", "Santa Elena de Uairén", 4.6, -61.11),
            ("El Callao", "El Callao", 7.35, -61.82),
            ("Sifontes", "Tumeremo", 7.3, -61.5),
        ),
        ("Pemón", "Ye'kwana", "Kariña", "E'ñepa", "Sanema"),
    ),
    State(
        "Carabobo", 2.4, 9.8, 10.55, -68.45, -67.6, (0, 1200),
        _towns(
            ("Valencia", "Valencia", 10.16, -68.0),
            ("Puerto Cabello", "Puerto Cabello", 10.47, -68.01),
            ("Guacara", "Guacara", 10.23, -67.88),
            ("Bejuma", "Bejuma", 10.17, -68.26),
            ("Libertador", "Tocuyito", 10.11, -68.07),
            ("Montalbán", "Montalbán", 10.21, -68.33),
        ),
    ),
    State(
        "Cojedes", 0.35, 8.4, 10.1, -69.0, -67.8, (80, 700),
        _towns(
            ("Ezequiel Zamora", "San Carlos de Austria", 9.66, -68.58),
            ("Tinaquillo", "Tinaquillo", 9.92, -68.3),
            ("Girardot", "El Baúl", 8.96, -68.29),
            ("Rómulo Gallegos", "Las Vegas", 9.54, -68.62),
        ),
    ),
    State(
        "Delta Amacuro", 0.19, 7.7, 10.1, -62.6, -59.8, (0, 60),
        _towns(
            ("Tucupita", "San José", 9.06, -62.05),
            ("Antonio Díaz", "Curiapo", 8.55, -61.0),
            ("Pedernales", "Pedernales", 9.97, -62.23),
            ("Casacoima", "Piacoa", 8.56, -61.81),
        ),
        ("Warao",),
    ),
    State(
        "Distrito Capital", 2.1, 10.4, 10.56, -67.1, -66.8, (850, 1400),
        _towns(
            ("Libertador", "23 de Enero", 10.507, -66.93),
            ("Libertador", "La Pastora", 10.52, -66.92),
            ("Libertador", "El Valle", 10.46, -66.91),
            ("Libertador", "Antímano", 10.46, -66.98),
            ("Libertador", "Caricuao", 10.43, -66.98),
            ("Libertador", "Catedral", 10.506, -66.914),
        ),
    ),
    State(
        "Falcón", 1.0, 10.4, 12.2, -71.3, -68.2, (0, 1500),
        _towns(
            ("Miranda", "Santa Ana de Coro", 11.4, -69.67),
            ("Carirubana", "Punto Fijo", 11.7, -70.2),
            ("Federación", "Churuguara", 10.81, -69.54),
            ("José Laurencio Silva", "Tucacas", 10.8, -68.32),
            ("Dabajuro", "Dabajuro", 11.02, -70.67),
            ("Petit", "Curimagua", 11.17, -69.67),
        ),
    ),
    State(
        "Guárico", 0.8, 7.6, 10.0, -68.0, -65.0, (60, 500),
        _towns(
            ("Juan Germán Roscio", "San Juan de los Morros", 9.91, -67.35),
            ("Francisco de Miranda", "Calabozo", 8.93, -67.43),
            ("Leonardo Infante", "Valle de la Pascua", 9.21, -66.01),
            ("Pedro Zaraza", "Zaraza", 9.35, -65.32),
            ("José Tadeo Monagas", "Altagracia de Orituco", 9.86, -66.38),
            ("José Félix Ribas", "Tucupido", 9.28, -65.78),
        ),
    ),
    State(
        "La Guaira", 0.36, 10.45, 10.65, -67.35, -66.2, (0, 1500),
        _towns(
            ("Vargas", "La Guaira", 10.6, -66.93),
            ("Vargas", "Catia La Mar", 10.6, -67.03),
            ("Vargas", "Naiguatá", 10.62, -66.74),
            ("Vargas", "Carayaca", 10.54, -67.12),
        ),
    ),
    State(
        "Lara", 2.0, 9.3, 10.8, -70.8, -68.9, (300, 2000),
        _towns(
            ("Iribarren", "Juan de Villegas", 10.07, -69.32),
            ("Torres", "Carora", 10.17, -70.08),
            ("Morán", "El Tocuyo", 9.79, -69.79),
            ("Jiménez", "Quíbor", 9.93, -69.62),
            ("Andrés Eloy Blanco", "Sanare", 9.75, -69.65),
            ("Simón Planas", "Sarare", 9.78, -69.16),
            ("Crespo", "Duaca", 10.29, -69.17),
            ("Urdaneta", "Siquisique", 10.58, -69.7),
        ),
    ),
    State(
        "Mérida", 0.9, 7.7, 9.3, -72.0, -70.6, (100, 3500),
        _towns(
            ("Libertador", "Mérida", 8.59, -71.14),
            ("Alberto Adriani", "El Vigía", 8.62, -71.65),
            ("Tovar", "Tovar", 8.33, -71.75),
            ("Rangel", "Mucuchíes", 8.75, -70.92),
            ("Miranda", "Timotes", 8.98, -70.74),
            ("Santos Marquina", "Tabay", 8.63, -71.07),
            ("Rivas Dávila", "Bailadores", 8.25, -71.83),
        ),
    ),
    State(
        "Miranda", 3.0, 9.9, 10.65, -67.25, -65.6, (0, 1400),
        _towns(
            ("Guaicaipuro", "Los Teques", 10.34, -67.04),
            ("Sucre", "Petare", 10.48, -66.81),
            ("Plaza", "Guarenas", 10.47, -66.54),
            ("Tomás Lander", "Ocumare del Tuy", 10.12, -66.78),
            ("Acevedo", "Caucagua", 10.28, -66.38),
            ("Brión", "Higuerote", 10.48, -66.1),
            ("Páez", "Río Chico", 10.32, -65.98),
            ("Independencia", "Santa Teresa del Tuy", 10.23, -66.66),
        ),
    ),
    State(
        "Monagas", 1.0, 8.4, 10.4, -64.1, -62.0, (10, 1200),
        _towns(
            ("Maturín", "San Simón", 9.75, -63.18),
            ("Caripe", "Caripe", 10.17, -63.5),
            ("Ezequiel Zamora", "Punta de Mata", 9.7, -63.63),
            ("Libertador", "Temblador", 8.99, -62.63),
            ("Cedeño", "Caicara de Maturín", 9.82, -63.6),
            ("Sotillo", "Barrancas del Orinoco", 8.7, -62.19),
        ),
        ("Warao", "Kariña", "Chaima"),
    ),
    State(
        "Nueva Esparta", 0.5, 10.85, 11.2, -64.45, -63.75, (0, 500),
        _towns(
            ("Arismendi", "La Asunción", 11.03, -63.86),
            ("Mariño", "Porlamar", 10.96, -63.85),
            ("Marcano", "Juan Griego", 11.08, -63.96),
            ("Tubores", "Punta de Piedras", 10.9, -64.1),
            ("García", "El Valle del Espíritu Santo", 10.98, -63.87),
        ),
    ),
    State(
        "Portuguesa", 1.0, 8.2, 9.9, -70.4, -68.7, (80, 1400),
        _towns(
            ("Guanare", "Guanare", 9.04, -69.74),
            ("Páez", "Acarigua", 9.55, -69.2),
            ("Araure", "Araure", 9.58, -69.22),
            ("Turén", "Villa Bruzual", 9.32, -69.11),
            ("Sucre", "Biscucuy", 9.36, -69.98),
            ("Ospino", "Ospino", 9.3, -69.45),
        ),
    ),
    State(
        "Sucre", 1.0, 10.0, 10.75, -64.45, -61.85, (0, 1200),
        _towns(
            ("Sucre", "Altagracia", 10.45, -64.17),
            ("Bermúdez", "Carúpano", 10.67, -63.26),
            ("Arismendi", "Río Caribe", 10.7, -63.11),
            ("Valdez", "Güiria", 10.57, -62.3),
            ("Montes", "Cumanacoa", 10.25, -63.92),
            ("Ribero", "Cariaco", 10.49, -63.55),
        ),
        ("Chaima", "Warao"),
    ),
    State(
        "Táchira", 1.2, 7.3, 8.65, -72.5, -71.4, (300, 3000),
        _towns(
            ("San Cristóbal", "La Concordia", 7.767, -72.225),
            ("Junín", "Rubio", 7.7, -72.36),
            ("Jáuregui", "La Grita", 8.13, -71.98),
            ("Bolívar", "San Antonio del Táchira", 7.81, -72.44),
            ("Sucre", "Queniquea", 7.92, -72.02),
            ("Cárdenas", "Táriba", 7.82, -72.22),
            ("Ayacucho", "Colón", 8.03, -72.26),
        ),
    ),
    State(
        "Trujillo", 0.8, 8.9, 10.0, -71.0, -69.9, (50, 2800),
        _towns(
            ("Trujillo", "Trujillo", 9.37, -70.43),
            ("Valera", "Valera", 9.32, -70.6),
            ("Boconó", "Boconó", 9.25, -70.25),
            ("Carache", "Carache", 9.63, -70.23),
            ("Sucre", "Sabana de Mendoza", 9.43, -70.77),
            ("Monte Carmelo", "Monte Carmelo", 9.19, -70.08),
        ),
    ),
    State(
        "Yaracuy", 0.7, 9.95, 10.75, -69.2, -68.2, (100, 1300),
        _towns(
            ("San Felipe", "San Felipe", 10.34, -68.74),
            ("Peña", "Yaritagua", 10.08, -69.13),
            ("Nirgua", "Nirgua", 10.15, -68.57),
            ("Bruzual", "Chivacoa", 10.16, -68.9),
            ("Bolívar", "Aroa", 10.43, -68.89),
            ("Urachiche", "Urachiche", 10.16, -69.01),
        ),
    ),
    State(
        "Zulia", 4.3, 8.4, 11.85, -73.4, -70.7, (0, 1500),
        _towns(
            ("Maracaibo", "Chiquinquirá", 10.65, -71.64),
            ("Cabimas", "Cabimas", 10.4, -71.45),
            ("Machiques de Perijá", "Río Negro", 10.06, -72.55),
            ("Guajira", "Alta Guajira", 11.35, -71.95),
            ("Colón", "San Carlos del Zulia", 9.0, -71.92),
            ("Catatumbo", "Encontrados", 9.06, -72.23),
            ("Rosario de Perijá", "La Villa del Rosario", 10.32, -72.31),
            ("Mara", "San Rafael del Moján", 10.96, -71.73),
        ),
        ("Wayuu", "Añú", "Yukpa", "Barí"),
    ),
)
# fmt: on

# Names communities give their councils and communes: heroes, trees, hopes.
# fmt: off
COUNCIL_NAMES: tuple[str, ...] = (
    "Los Cañaverales", "La Fe de Mamá Inés", "Simón Bolívar", "Ezequiel Zamora", "Guaicaipuro",
    "Negro Primero", "Cacique Mara", "José Leonardo Chirino", "Manuela Sáenz", "Josefa Camejo",
    "Luisa Cáceres de Arismendi", "Argimiro Gabaldón", "Fabricio Ojeda", "El Samán", "Los Apamates",
    "La Ceiba", "El Cují", "Las Acacias", "Los Mangos", "El Araguaney", "La Candelaria",
    "San José Obrero", "Brisas del Orinoco", "Valle Verde", "Nueva Esperanza", "Unión y Progreso",
    "La Montañita", "Camino Real", "El Peñón", "Piedra Azul", "Ríos de Agua Viva",
    "Sembradores del Mañana", "Semillas de la Patria", "Conuco Bendito", "Tierra Fértil",
    "Los Pozones", "Cañada Honda", "El Guácharo", "Apacuana", "Tiuna", "Yaracuy Libre",
    "Hijos de Maíz", "Mano a Mano", "La Güinima", "El Tamarindo", "Las Guásimas", "El Jobo",
    "Cruz Verde", "Mesa de Cavacas", "Páramo Alto", "Quebrada Seca", "Vuelta Larga",
)

GIVEN_NAMES: tuple[str, ...] = (
    "María", "José", "Yusmary", "Nelson", "Carmen", "Ana Lucía", "Luis Ramón", "Ñusta", "Wilmer",
    "Yelitza", "Jesús", "Rosa", "Argenis", "Zuleima", "Ramón", "Iraida", "Dayana", "Jhonny", "Leída",
    "Efraín", "Nohemí", "Oswaldo", "Belkis", "Ángel", "Mérida", "Ysbelia",
)

FAMILY_NAMES: tuple[str, ...] = (
    "Pérez", "Quintero", "Uriana", "Ipuana", "Pocaterra", "Rondón", "Araque", "Epieyú", "González",
    "Rodríguez", "Hernández", "Márquez", "Peña", "Castillo", "Colmenares", "Briceño", "Mendoza",
    "Gutiérrez", "Jiménez", "Sánchez", "Álvarez", "Piñango", "Parra", "Dávila", "Guédez", "Yépez",
    "Camacaro", "Mujica", "Ávila", "Suárez",
)
# fmt: on
