// Offices whose holder changed between administrations
// name: office-holder-changes
// description: For every office, the people documents show holding it in each
//   administration of the office's country (certain dates only), and every
//   change from one such administration to the next: the holders before and
//   after. An office whose holders stay the same across administrations (a
//   re-elected president) does not appear.
// param: country string "" Only offices of this country ("" for every country).
MATCH (p:Person)-[h:HOLDS_OFFICE]->(o:Office)
WITH p, h, o, coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) AS country
WHERE $country = '' OR country = $country
MATCH (:Document {id: h.doc})-[:DURING {certain: true}]->(a:Administration {country: country})
WITH o, country, a, p
  ORDER BY p.name
WITH o, country, a, collect(DISTINCT p.name) AS holders
  ORDER BY a.start
WITH o, country, collect({administration: a.name, start: a.start, holders: holders}) AS terms
UNWIND range(0, size(terms) - 2) AS i
WITH o, country, terms[i] AS before, terms[i + 1] AS after
WHERE before.holders <> after.holders
RETURN o.name AS office, country,
  before.administration AS fromAdministration, before.holders AS holdersBefore,
  after.administration AS toAdministration, after.holders AS holdersAfter
  ORDER BY country, office, before.start
