// Timeline of meetings
// name: meeting-timeline
// description: Every meeting in time order with its place, the people who
//   attended, their countries (their own, or their offices'), the
//   administrations in office and the documents that report it. A meeting
//   without a date of its own takes the earliest date of its documents.
// param: from string "" Earliest date, YYYY, YYYY-MM or YYYY-MM-DD ("" for no bound).
// param: to string "" Latest date, YYYY, YYYY-MM or YYYY-MM-DD ("" for no bound).
// param: country string "" Only meetings attended by someone of this country ("" for every meeting).
MATCH (m:Meeting)
WITH m,
  COLLECT {
    MATCH (m)-[r]-()
    WHERE r.doc IS NOT NULL
    MATCH (d:Document {id: r.doc})
    WITH DISTINCT d
    RETURN d ORDER BY d.date, d.source
  } AS docs
WITH m, docs, coalesce(m.date, [d IN docs WHERE d.date IS NOT NULL | d.date][0]) AS date
WHERE ($from = '' OR left(date, size($from)) >= left($from, size(date)))
  AND ($to = '' OR left(date, size($to)) <= left($to, size(date)))
WITH m, docs, date,
  COLLECT {
    MATCH (p:Person)-[:ATTENDED]->(m)
    RETURN DISTINCT p.name AS name ORDER BY name
  } AS attendees,
  COLLECT {
    MATCH (p:Person)-[:ATTENDED]->(m)
    OPTIONAL MATCH (p)-[:HOLDS_OFFICE]->(o:Office)
    WITH coalesce(p.country, o.country) AS country
    WHERE country IS NOT NULL
    RETURN DISTINCT country ORDER BY country
  } AS countries
WHERE $country = '' OR $country IN countries
RETURN date, m.name AS meeting, m.place AS place, attendees, countries,
  COLLECT {
    UNWIND docs AS d
    MATCH (d)-[:DURING {certain: true}]->(a:Administration)
    RETURN DISTINCT a.name AS name ORDER BY name
  } AS administrations,
  [d IN docs | d.source] AS documents
  ORDER BY date, meeting
