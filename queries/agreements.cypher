// Agreements by country and date
// name: agreements
// description: What was agreed, by whom and when: one row per agreement and
//   document, with the parties, their countries, the document's date and the
//   sentence. Filter by a party's country (a Country party, or the country of a
//   person or organization party) and by a date range; partial dates match a
//   bound they could fall within.
// param: country string "" Only agreements with a party of this country ("" for every country).
// param: from string "" Earliest date, YYYY, YYYY-MM or YYYY-MM-DD ("" for no bound).
// param: to string "" Latest date, YYYY, YYYY-MM or YYYY-MM-DD ("" for no bound).
MATCH (party)-[r:AGREED_TO]->(ag:Agreement)
OPTIONAL MATCH (d:Document {id: r.doc})
WITH ag, d, party, r
  ORDER BY party.name
WITH ag, d, collect(DISTINCT party.name) AS parties,
  collect(DISTINCT CASE WHEN party:Country THEN party.name ELSE party.country END) AS countries,
  head(collect(r.evidence)) AS evidence
WITH ag, d, parties, countries, evidence, coalesce(ag.date, d.date) AS date
WHERE ($country = '' OR $country IN countries)
  AND ($from = '' OR left(date, size($from)) >= left($from, size(date)))
  AND ($to = '' OR left(date, size($to)) <= left($to, size(date)))
RETURN date, ag.text AS agreement, parties, countries, d.source AS document, evidence
  ORDER BY date, agreement, document
