// Profile of a person
// name: person-profile
// description: Everything the graph holds about a person: aliases, country,
//   offices, meetings, statements, agreements, the documents they appear in
//   and the administrations of those documents.
// param: name string "Marco Rubio" Person name or alias, or part of it.
MATCH (p:Person)
WHERE toLower(p.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(p.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
RETURN p.name AS person, p.aliases AS aliases, p.country AS country,
  COLLECT {
    MATCH (p)-[:HOLDS_OFFICE]->(o:Office)
    RETURN DISTINCT o.name + coalesce(' (' + o.country + ')', '') AS office ORDER BY office
  } AS offices,
  COLLECT {
    MATCH (p)-[:ATTENDED]->(m:Meeting)
    RETURN DISTINCT coalesce(m.date + ' ', '') + m.name AS meeting ORDER BY meeting
  } AS meetings,
  COLLECT {
    MATCH (p)-[:SAID]->(s:Statement)
    RETURN DISTINCT s.text AS statement ORDER BY statement
  } AS statements,
  COLLECT {
    MATCH (p)-[:AGREED_TO]->(a:Agreement)
    RETURN DISTINCT a.text AS agreement ORDER BY agreement
  } AS agreements,
  COLLECT {
    MATCH (p)-[r]-()
    WHERE r.doc IS NOT NULL
    MATCH (d:Document {id: r.doc})
    RETURN DISTINCT d.source AS document ORDER BY document
  } AS documents,
  COLLECT {
    MATCH (p)-[r]-()
    WHERE r.doc IS NOT NULL
    MATCH (:Document {id: r.doc})-[:DURING {certain: true}]->(a:Administration)
    WITH DISTINCT a
    RETURN a.name AS administration ORDER BY a.start, a.country
  } AS administrations
  ORDER BY person
