"""Bulk data in and out of the register: the CSV import of companies and the stamped export of the public register.

* :mod:`registry.bulk.columns`: the columns an import file may have (the registry's own header and the national
  statistics register's), and how a row becomes the API's registration request.
* :mod:`registry.bulk.reader`: the rows of a CSV file with the lines they start on.
* :mod:`registry.bulk.checks`: every row judged by the registration rules of the API.
* :mod:`registry.bulk.importer`: a batch of checked rows written through a staging table, with an event each.
* :mod:`registry.bulk.batch_rollups`: the statistics rollups of a bulk batch made once, not once per statement
  (the import's and the demo loader's).
* :mod:`registry.bulk.report`: the rejected rows with their reasons, as CSV.
* :mod:`registry.bulk.export`: the public register read in one snapshot, stamped with its feed sequence.
"""

__all__: list[str] = []
