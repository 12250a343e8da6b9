// Meetings of a person
// name: person-meetings
// description: The meetings a person attended, in time order, with the place,
//   the other people there and the documents that report the attendance.
// param: name string "Marco Rubio" Person name or alias, or part of it.
MATCH (p:Person)
WHERE toLower(p.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(p.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
MATCH (p)-[r:ATTENDED]->(m:Meeting)
OPTIONAL MATCH (d:Document {id: r.doc})
WITH p, m, d
  ORDER BY d.date, d.source
WITH p, m, collect(DISTINCT d.source) AS documents, min(d.date) AS reported
RETURN p.name AS person, m.name AS meeting, coalesce(m.date, reported) AS date, m.place AS place,
  COLLECT {
    MATCH (other:Person)-[:ATTENDED]->(m)
    WHERE other <> p
    RETURN DISTINCT other.name AS name ORDER BY name
  } AS others,
  documents
  ORDER BY person, date, meeting
