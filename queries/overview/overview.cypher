// What the graph holds, for a first look after a load: documents (dated and
// not), documents by administration (certain dates only), people, offices
// and meetings. One row per line: what, and how many.
MATCH (d:Document)
RETURN 'documents' AS what, count(d) AS count
UNION ALL
MATCH (d:Document) WHERE d.date IS NULL
RETURN '  undated (in no administration)' AS what, count(d) AS count
UNION ALL
MATCH (d:Document)-[:DURING {certain: true}]->(a:Administration)
WITH a, count(DISTINCT d) AS n
  ORDER BY a.country, a.start
RETURN '  in ' + a.country + ', ' + a.name AS what, n AS count
UNION ALL
MATCH (p:Person)
RETURN 'people' AS what, count(p) AS count
UNION ALL
MATCH (p:Person) WHERE (p)-[:HOLDS_OFFICE]->()
RETURN '  holding an office' AS what, count(p) AS count
UNION ALL
MATCH (m:Meeting)
RETURN 'meetings' AS what, count(m) AS count
UNION ALL
MATCH (s:Statement)
RETURN 'statements' AS what, count(s) AS count
UNION ALL
MATCH (a:Agreement)
RETURN 'agreements' AS what, count(a) AS count
