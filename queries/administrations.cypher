// Documents by administration
// name: administrations
// description: The administrations of the reference data
//   (graph/data/administrations.tsv) in time order, with the number of
//   documents dated within each and of documents whose month or year only
//   overlaps it.
// param: country string "" Only this country ("" for every country).
MATCH (a:Administration)
WHERE $country = '' OR a.country = $country
OPTIONAL MATCH (d:Document)-[r:DURING]->(a)
RETURN a.country AS country, a.head AS head, a.start AS start, a.end AS end,
  count(DISTINCT CASE WHEN r.certain THEN d END) AS documents,
  count(DISTINCT CASE WHEN NOT r.certain THEN d END) AS uncertainDocuments
  ORDER BY country, start
