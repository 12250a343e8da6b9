// Organizations mentioned with each country
// name: organizations-by-country
// description: For each country, the organizations mentioned in the same
//   documents, with the organization's own country where known, the number of
//   documents they share and the documents; most frequent first.
// param: country string "" Only this country ("" for every country).
MATCH (c:Country)-[:MENTIONED_IN]->(d:Document)<-[:MENTIONED_IN]-(o:Organization)
WHERE $country = '' OR c.name = $country
WITH c, o, d
  ORDER BY d.date, d.source
WITH c, o, collect(DISTINCT d.source) AS documents
RETURN c.name AS country, o.name AS organization,
  coalesce(o.country, head([(o)-[:OF]->(oc:Country) | oc.name])) AS organizationCountry,
  size(documents) AS documentCount, documents
  ORDER BY country, documentCount DESC, organization
