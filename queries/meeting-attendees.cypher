// People at a meeting
// name: meeting-attendees
// description: The people who attended a meeting, with the offices they hold,
//   the sentence that puts them there and the documents that report it. Every
//   meeting whose name or alias contains the given text is listed.
// param: meeting string "Dialogue" Meeting name or alias, or part of it ("" for every meeting).
MATCH (m:Meeting)
WHERE toLower(m.name) CONTAINS toLower($meeting)
   OR any(alias IN coalesce(m.aliases, []) WHERE toLower(alias) CONTAINS toLower($meeting))
MATCH (p:Person)-[r:ATTENDED]->(m)
OPTIONAL MATCH (d:Document {id: r.doc})
WITH m, p, r, d
  ORDER BY d.date, d.source
WITH m, p, head(collect(r.evidence)) AS evidence, collect(DISTINCT d.source) AS documents, min(d.date) AS reported
RETURN m.name AS meeting, coalesce(m.date, reported) AS date, m.place AS place, p.name AS person,
  COLLECT { MATCH (p)-[:HOLDS_OFFICE]->(o:Office) RETURN DISTINCT o.name AS office ORDER BY office } AS offices,
  evidence, documents
  ORDER BY date, meeting, person
