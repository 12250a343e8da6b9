package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// loadGraph empties the test database and loads g the way `dossier load`
// does: schema, then Store.Load (which links documents to administrations).
func loadGraph(t *testing.T, g *graph.Graph) *neo4jtest.Instance {
	t.Helper()
	srv := neo4jtest.Server(t)
	srv.Reset(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store := graph.NewStore(srv.Driver, srv.Database)
	if err := store.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(ctx, g, graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	return srv
}

func readFixture(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := graph.ReadJSONFile("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// rowJSON renders each row as a compact JSON array: exact, and readable in
// a failure message.
func rowJSON(t *testing.T, res *Result) []string {
	t.Helper()
	out := make([]string, 0, len(res.Rows))
	for _, row := range res.Rows {
		b, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// runQuery binds params to the named embedded query and runs it.
func runQuery(t *testing.T, srv *neo4jtest.Instance, c *Catalog, name string, params map[string]any) *Result {
	t.Helper()
	q, ok := c.Get(name)
	if !ok {
		t.Fatalf("no query %s", name)
	}
	bound, err := q.Bind(params)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := Run(ctx, srv.Driver, srv.Database, q, bound)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fixtureCases are the exact answers of every saved query on
// testdata/fixture.json: the same people in 2017, 2018, 2019 and 2025
// documents, one document dated by year only (2018, straddling the Mexican
// handover) and one undated.
var fixtureCases = []struct {
	name    string
	query   string
	params  map[string]any
	columns []string
	rows    []string
}{
	{
		name:    "officials across administrations",
		query:   "officials-across-administrations",
		columns: []string{"person", "country", "offices", "administrations", "documents"},
		rows: []string{
			`["Luis Videgaray","Mexico",["Secretary of Foreign Affairs"],["Enrique Peña Nieto (2012–2018)","Andrés Manuel López Obrador (2018–2024)"],["2017-12-14-dialogue.txt","2018-05-videgaray-pompeo.txt","2019-03-10-ebrard-pompeo.txt"]]`,
			`["Marcelo Ebrard","Mexico",["Secretary of Economy","Secretary of Foreign Affairs"],["Andrés Manuel López Obrador (2018–2024)","Claudia Sheinbaum (2024–)"],["2019-03-10-ebrard-pompeo.txt","2025-09-03-rubio-sheinbaum.txt"]]`,
			`["Donald Trump","United States",["President of the United States"],["Donald Trump (2017–2021)","Donald Trump (2025–)"],["2017-12-14-dialogue.txt","2025-09-03-rubio-sheinbaum.txt"]]`,
		},
	},
	{
		name:    "officials across administrations, one country, uncertain dates too",
		query:   "officials-across-administrations",
		params:  map[string]any{"country": "Mexico", "includeUncertain": true},
		columns: []string{"person", "country", "offices", "administrations", "documents"},
		rows: []string{
			`["Luis Videgaray","Mexico",["Secretary of Foreign Affairs"],["Enrique Peña Nieto (2012–2018)","Andrés Manuel López Obrador (2018–2024)"],["2017-12-14-dialogue.txt","2018-05-videgaray-pompeo.txt","2019-03-10-ebrard-pompeo.txt"]]`,
			`["Marcelo Ebrard","Mexico",["Secretary of Economy","Secretary of Foreign Affairs"],["Andrés Manuel López Obrador (2018–2024)","Claudia Sheinbaum (2024–)"],["2019-03-10-ebrard-pompeo.txt","2025-09-03-rubio-sheinbaum.txt"]]`,
			`["Miguel Ángel Osorio Chong","Mexico",["Secretary of the Interior"],["Enrique Peña Nieto (2012–2018)","Andrés Manuel López Obrador (2018–2024)"],["2017-12-14-dialogue.txt","2018-osorio-review.txt"]]`,
		},
	},
	{
		name:    "office holders over time",
		query:   "office-holders",
		params:  map[string]any{"office": "secretary of state"},
		columns: []string{"office", "country", "holder", "first", "last", "administrations", "documents"},
		rows: []string{
			`["Secretary of State","United States","Rex Tillerson","2017-12-14","2017-12-14",["Donald Trump (2017–2021)"],["2017-12-14-dialogue.txt"]]`,
			`["Secretary of State","United States","Mike Pompeo","2018-05","2019-03-10",["Donald Trump (2017–2021)"],["2018-05-videgaray-pompeo.txt","2019-03-10-ebrard-pompeo.txt"]]`,
			`["Secretary of State","United States","Marco Rubio","2025-09-03","2025-09-03",["Donald Trump (2025–)"],["2025-09-03-rubio-sheinbaum.txt"]]`,
		},
	},
	{
		name:    "office holders with alias and country",
		query:   "office-holders",
		params:  map[string]any{"office": "Foreign Minister", "country": "Mexico"},
		columns: []string{"office", "country", "holder", "first", "last", "administrations", "documents"},
		rows: []string{
			`["Secretary of Foreign Affairs","Mexico","Luis Videgaray","2017-12-14","2018-05",["Enrique Peña Nieto (2012–2018)"],["2017-12-14-dialogue.txt","2018-05-videgaray-pompeo.txt"]]`,
			`["Secretary of Foreign Affairs","Mexico","Marcelo Ebrard","2019-03-10","2019-03-10",["Andrés Manuel López Obrador (2018–2024)"],["2019-03-10-ebrard-pompeo.txt"]]`,
			`["Secretary of Foreign Affairs","Mexico","Juan Ramón de la Fuente","2025-09-03","2025-09-03",["Claudia Sheinbaum (2024–)"],["2025-09-03-rubio-sheinbaum.txt"]]`,
		},
	},
	{
		name:    "people at a meeting",
		query:   "meeting-attendees",
		params:  map[string]any{"meeting": "strategic dialogue"},
		columns: []string{"meeting", "date", "place", "person", "offices", "evidence", "documents"},
		rows: []string{
			`["Second Strategic Dialogue on Transnational Criminal Organizations","2017-12-14","Washington, D.C.","Luis Videgaray",["Secretary of Foreign Affairs"],"U.S. Secretary of State Rex Tillerson met Mexico's Foreign Minister Luis Videgaray and Secretary of Government Miguel Ángel Osorio Chong at the Second Strategic Dialogue in Washington.",["2017-12-14-dialogue.txt"]]`,
			`["Second Strategic Dialogue on Transnational Criminal Organizations","2017-12-14","Washington, D.C.","Miguel Ángel Osorio Chong",["Secretary of the Interior"],"U.S. Secretary of State Rex Tillerson met Mexico's Foreign Minister Luis Videgaray and Secretary of Government Miguel Ángel Osorio Chong at the Second Strategic Dialogue in Washington.",["2017-12-14-dialogue.txt"]]`,
			`["Second Strategic Dialogue on Transnational Criminal Organizations","2017-12-14","Washington, D.C.","Rex Tillerson",["Secretary of State"],"U.S. Secretary of State Rex Tillerson met Mexico's Foreign Minister Luis Videgaray and Secretary of Government Miguel Ángel Osorio Chong at the Second Strategic Dialogue in Washington.",["2017-12-14-dialogue.txt"]]`,
		},
	},
	{
		name:    "meetings of a person",
		query:   "person-meetings",
		params:  map[string]any{"name": "pompeo"},
		columns: []string{"person", "meeting", "date", "place", "others", "documents"},
		rows: []string{
			`["Mike Pompeo","Meeting of Videgaray and Pompeo","2018-05","Washington, D.C.",["Luis Videgaray"],["2018-05-videgaray-pompeo.txt"]]`,
			`["Mike Pompeo","Meeting of Ebrard and Pompeo","2019-03-10","Mexico City",["Marcelo Ebrard"],["2019-03-10-ebrard-pompeo.txt"]]`,
		},
	},
	{
		name:    "who met whom",
		query:   "who-met-whom",
		params:  nil,
		columns: []string{"person", "metWith", "meetingCount", "meetings"},
		rows: []string{
			`["Juan Ramón de la Fuente","Marco Rubio",2,["Meeting of Rubio and Sheinbaum","Working dinner of Rubio and de la Fuente"]]`,
			`["Claudia Sheinbaum","Juan Ramón de la Fuente",1,["Meeting of Rubio and Sheinbaum"]]`,
			`["Claudia Sheinbaum","Marco Rubio",1,["Meeting of Rubio and Sheinbaum"]]`,
			`["Luis Videgaray","Miguel Ángel Osorio Chong",1,["Second Strategic Dialogue on Transnational Criminal Organizations"]]`,
			`["Luis Videgaray","Mike Pompeo",1,["Meeting of Videgaray and Pompeo"]]`,
			`["Luis Videgaray","Rex Tillerson",1,["Second Strategic Dialogue on Transnational Criminal Organizations"]]`,
			`["Marcelo Ebrard","Mike Pompeo",1,["Meeting of Ebrard and Pompeo"]]`,
			`["Miguel Ángel Osorio Chong","Rex Tillerson",1,["Second Strategic Dialogue on Transnational Criminal Organizations"]]`,
		},
	},
	{
		name:    "who met whom, one person, twice",
		query:   "who-met-whom",
		params:  map[string]any{"name": "Rubio", "minMeetings": 2},
		columns: []string{"person", "metWith", "meetingCount", "meetings"},
		rows: []string{
			`["Marco Rubio","Juan Ramón de la Fuente",2,["Meeting of Rubio and Sheinbaum","Working dinner of Rubio and de la Fuente"]]`,
		},
	},
	{
		name:    "what anyone said about fentanyl",
		query:   "person-statements",
		params:  nil,
		columns: []string{"speaker", "speakerLabel", "statement", "date", "document", "title", "evidence"},
		rows: []string{
			`["Marcelo Ebrard","Person","We will stop the flow of fentanyl north and of weapons south","2019-03-10","2019-03-10-ebrard-pompeo.txt","Ebrard and Pompeo talk weapons and fentanyl","Ebrard said \"We will stop the flow of fentanyl north and of weapons south.\""]`,
			`["Claudia Sheinbaum","Person","Cooperation against fentanyl must respect our sovereignty","2025-09-03","2025-09-03-rubio-sheinbaum.txt","Rubio meets Sheinbaum in Mexico City","Sheinbaum said \"Cooperation against fentanyl must respect our sovereignty.\""]`,
		},
	},
	{
		name:    "what a person said about anything",
		query:   "person-statements",
		params:  map[string]any{"name": "united states", "topic": ""},
		columns: []string{"speaker", "speakerLabel", "statement", "date", "document", "title", "evidence"},
		rows: []string{
			`["United States","Country","The aim is to dismantle transnational organized crime","2025-09-03","2025-09-03-rubio-sheinbaum.txt","Rubio meets Sheinbaum in Mexico City","The United States said \"The aim is to dismantle transnational organized crime.\""]`,
		},
	},
	{
		name:    "what a person said, Lucene syntax",
		query:   "person-statements",
		params:  map[string]any{"name": "Ebrard", "topic": "weapon* OR cartels"},
		columns: []string{"speaker", "speakerLabel", "statement", "date", "document", "title", "evidence"},
		rows: []string{
			`["Marcelo Ebrard","Person","We will stop the flow of fentanyl north and of weapons south","2019-03-10","2019-03-10-ebrard-pompeo.txt","Ebrard and Pompeo talk weapons and fentanyl","Ebrard said \"We will stop the flow of fentanyl north and of weapons south.\""]`,
		},
	},
	{
		name:    "agreements",
		query:   "agreements",
		params:  nil,
		columns: []string{"date", "agreement", "parties", "countries", "document", "evidence"},
		rows: []string{
			`["2017-12-14","fight against drug trafficking together",["Mexico","United States"],["Mexico","United States"],"2017-12-14-dialogue.txt","Mexico and the United States agreed to fight against drug trafficking together, the U.S. Department of State and the Secretariat of Foreign Affairs said."]`,
			`["2019-03-10","exchange information on weapons trafficking",["Marcelo Ebrard","Mike Pompeo"],["Mexico","United States"],"2019-03-10-ebrard-pompeo.txt","Ebrard and Pompeo agreed to exchange information on weapons trafficking."]`,
			`["2025-09-03","increase cooperation against fentanyl trafficking",["Mexico","United States"],["Mexico","United States"],"2025-09-03-rubio-sheinbaum.txt","Mexico and the United States agreed to increase cooperation against fentanyl trafficking, the U.S. Department of State said."]`,
		},
	},
	{
		name:    "agreements of a country in a date range",
		query:   "agreements",
		params:  map[string]any{"country": "Mexico", "from": "2018", "to": "2019-03"},
		columns: []string{"date", "agreement", "parties", "countries", "document", "evidence"},
		rows: []string{
			`["2019-03-10","exchange information on weapons trafficking",["Marcelo Ebrard","Mike Pompeo"],["Mexico","United States"],"2019-03-10-ebrard-pompeo.txt","Ebrard and Pompeo agreed to exchange information on weapons trafficking."]`,
		},
	},
	{
		name:    "meeting timeline",
		query:   "meeting-timeline",
		params:  nil,
		columns: []string{"date", "meeting", "place", "attendees", "countries", "administrations", "documents"},
		rows: []string{
			`["2017-12-14","Second Strategic Dialogue on Transnational Criminal Organizations","Washington, D.C.",["Luis Videgaray","Miguel Ángel Osorio Chong","Rex Tillerson"],["Mexico","United States"],["Donald Trump (2017–2021)","Enrique Peña Nieto (2012–2018)"],["2017-12-14-dialogue.txt"]]`,
			`["2018-05","Meeting of Videgaray and Pompeo","Washington, D.C.",["Luis Videgaray","Mike Pompeo"],["Mexico","United States"],["Donald Trump (2017–2021)","Enrique Peña Nieto (2012–2018)"],["2018-05-videgaray-pompeo.txt"]]`,
			`["2019-03-10","Meeting of Ebrard and Pompeo","Mexico City",["Marcelo Ebrard","Mike Pompeo"],["Mexico","United States"],["Andrés Manuel López Obrador (2018–2024)","Donald Trump (2017–2021)"],["2019-03-10-ebrard-pompeo.txt"]]`,
			`["2025-09-03","Meeting of Rubio and Sheinbaum","Mexico City",["Claudia Sheinbaum","Juan Ramón de la Fuente","Marco Rubio"],["Mexico","United States"],["Claudia Sheinbaum (2024–)","Donald Trump (2025–)"],["2025-09-03-rubio-sheinbaum.txt"]]`,
			`["2025-09-03","Working dinner of Rubio and de la Fuente","Mexico City",["Juan Ramón de la Fuente","Marco Rubio"],["Mexico","United States"],["Claudia Sheinbaum (2024–)","Donald Trump (2025–)"],["2025-09-03-rubio-sheinbaum.txt"]]`,
		},
	},
	{
		name:    "meeting timeline filtered",
		query:   "meeting-timeline",
		params:  map[string]any{"from": "2018-05", "to": "2019", "country": "Mexico"},
		columns: []string{"date", "meeting", "place", "attendees", "countries", "administrations", "documents"},
		rows: []string{
			`["2018-05","Meeting of Videgaray and Pompeo","Washington, D.C.",["Luis Videgaray","Mike Pompeo"],["Mexico","United States"],["Donald Trump (2017–2021)","Enrique Peña Nieto (2012–2018)"],["2018-05-videgaray-pompeo.txt"]]`,
			`["2019-03-10","Meeting of Ebrard and Pompeo","Mexico City",["Marcelo Ebrard","Mike Pompeo"],["Mexico","United States"],["Andrés Manuel López Obrador (2018–2024)","Donald Trump (2017–2021)"],["2019-03-10-ebrard-pompeo.txt"]]`,
		},
	},
	{
		name:    "person profile",
		query:   "person-profile",
		params:  map[string]any{"name": "Ebrard"},
		columns: []string{"person", "aliases", "country", "offices", "meetings", "statements", "agreements", "documents", "administrations"},
		rows: []string{
			`["Marcelo Ebrard",["Ebrard"],"Mexico",["Secretary of Economy (Mexico)","Secretary of Foreign Affairs (Mexico)"],["2019-03-10 Meeting of Ebrard and Pompeo"],["We will stop the flow of fentanyl north and of weapons south"],["exchange information on weapons trafficking"],["2019-03-10-ebrard-pompeo.txt","2025-09-03-rubio-sheinbaum.txt"],["Donald Trump (2017–2021)","Andrés Manuel López Obrador (2018–2024)","Claudia Sheinbaum (2024–)","Donald Trump (2025–)"]]`,
		},
	},
	{
		name:    "provenance of attendance",
		query:   "provenance",
		params:  map[string]any{"from": "Ebrard", "type": "attended"},
		columns: []string{"from", "type", "to", "evidence", "document", "date", "dateSource", "title", "url", "sha256"},
		rows: []string{
			`["Marcelo Ebrard","ATTENDED","Meeting of Ebrard and Pompeo","Foreign Secretary Marcelo Ebrard received Secretary of State Mike Pompeo in Mexico City.","2019-03-10-ebrard-pompeo.txt","2019-03-10","file name","Ebrard and Pompeo talk weapons and fentanyl","https://news.example.org/2019/03/10/ebrard-pompeo","doccdoccdoccdoccdoccdoccdoccdoccdoccdoccdoccdoccdoccdoccdoccdocc"]`,
		},
	},
	{
		name:    "provenance of a statement",
		query:   "provenance",
		params:  map[string]any{"from": "", "type": "SAID", "to": "sovereignty"},
		columns: []string{"from", "type", "to", "evidence", "document", "date", "dateSource", "title", "url", "sha256"},
		rows: []string{
			`["Claudia Sheinbaum","SAID","Sheinbaum: sovereignty","Sheinbaum said \"Cooperation against fentanyl must respect our sovereignty.\"","2025-09-03-rubio-sheinbaum.txt","2025-09-03","metadata","Rubio meets Sheinbaum in Mexico City",null,"docddocddocddocddocddocddocddocddocddocddocddocddocddocddocddocd"]`,
		},
	},
	{
		name:    "office holder changes",
		query:   "office-holder-changes",
		params:  nil,
		columns: []string{"office", "country", "fromAdministration", "holdersBefore", "toAdministration", "holdersAfter"},
		rows: []string{
			`["Secretary of Foreign Affairs","Mexico","Enrique Peña Nieto (2012–2018)",["Luis Videgaray"],"Andrés Manuel López Obrador (2018–2024)",["Marcelo Ebrard"]]`,
			`["Secretary of Foreign Affairs","Mexico","Andrés Manuel López Obrador (2018–2024)",["Marcelo Ebrard"],"Claudia Sheinbaum (2024–)",["Juan Ramón de la Fuente"]]`,
			`["Secretary of State","United States","Donald Trump (2017–2021)",["Mike Pompeo","Rex Tillerson"],"Donald Trump (2025–)",["Marco Rubio"]]`,
		},
	},
	{
		name:    "organizations by country",
		query:   "organizations-by-country",
		params:  nil,
		columns: []string{"country", "organization", "organizationCountry", "documentCount", "documents"},
		rows: []string{
			`["Mexico","Secretariat of Foreign Affairs","Mexico",2,["2017-12-14-dialogue.txt","2019-03-10-ebrard-pompeo.txt"]]`,
			`["Mexico","U.S. Department of State","United States",2,["2017-12-14-dialogue.txt","2025-09-03-rubio-sheinbaum.txt"]]`,
			`["Mexico","Jalisco New Generation Cartel",null,1,["2025-09-03-rubio-sheinbaum.txt"]]`,
			`["United States","Secretariat of Foreign Affairs","Mexico",2,["2017-12-14-dialogue.txt","2019-03-10-ebrard-pompeo.txt"]]`,
			`["United States","U.S. Department of State","United States",2,["2017-12-14-dialogue.txt","2025-09-03-rubio-sheinbaum.txt"]]`,
			`["United States","Jalisco New Generation Cartel",null,1,["2025-09-03-rubio-sheinbaum.txt"]]`,
		},
	},
	{
		name:    "documents mentioning both",
		query:   "documents-mentioning-both",
		params:  map[string]any{"first": "Videgaray", "second": "Pompeo"},
		columns: []string{"date", "document", "title", "url", "first", "firstEvidence", "second", "secondEvidence"},
		rows: []string{
			`["2018-05","2018-05-videgaray-pompeo.txt","Videgaray meets new Secretary of State Pompeo",null,"Luis Videgaray","Foreign Minister Luis Videgaray met the new Secretary of State Mike Pompeo in Washington.","Mike Pompeo","Foreign Minister Luis Videgaray met the new Secretary of State Mike Pompeo in Washington."]`,
			`["2019-03-10","2019-03-10-ebrard-pompeo.txt","Ebrard and Pompeo talk weapons and fentanyl","https://news.example.org/2019/03/10/ebrard-pompeo","Luis Videgaray","Former foreign minister Luis Videgaray, who negotiated the 2017 dialogue, was not present, the Secretariat of Foreign Affairs noted.","Mike Pompeo","Foreign Secretary Marcelo Ebrard received Secretary of State Mike Pompeo in Mexico City."]`,
		},
	},
	{
		name:    "administrations",
		query:   "administrations",
		params:  nil,
		columns: []string{"country", "head", "start", "end", "documents", "uncertainDocuments"},
		rows: []string{
			`["Mexico","Carlos Salinas de Gortari","1988-12-01","1994-11-30",0,0]`,
			`["Mexico","Ernesto Zedillo","1994-12-01","2000-11-30",0,0]`,
			`["Mexico","Vicente Fox","2000-12-01","2006-11-30",0,0]`,
			`["Mexico","Felipe Calderón","2006-12-01","2012-11-30",0,0]`,
			`["Mexico","Enrique Peña Nieto","2012-12-01","2018-11-30",2,1]`,
			`["Mexico","Andrés Manuel López Obrador","2018-12-01","2024-09-30",1,1]`,
			`["Mexico","Claudia Sheinbaum","2024-10-01",null,1,0]`,
			`["United States","George H. W. Bush","1989-01-20","1993-01-20",0,0]`,
			`["United States","Bill Clinton","1993-01-20","2001-01-20",0,0]`,
			`["United States","George W. Bush","2001-01-20","2009-01-20",0,0]`,
			`["United States","Barack Obama","2009-01-20","2017-01-20",0,0]`,
			`["United States","Donald Trump","2017-01-20","2021-01-20",4,0]`,
			`["United States","Joe Biden","2021-01-20","2025-01-20",0,0]`,
			`["United States","Donald Trump","2025-01-20",null,1,0]`,
		},
	},
	{
		name:    "search entities",
		query:   "search-entities",
		params:  map[string]any{"text": "ebrard"},
		columns: []string{"label", "name", "aliases", "id", "documents"},
		rows: []string{
			`["Person","Marcelo Ebrard",["Ebrard"],"person-marcelo-ebrard",2]`,
			`["Meeting","Meeting of Ebrard and Pompeo",[],"meeting-ebrard-pompeo-2019",1]`,
		},
	},
}

func TestQueriesOnFixture(t *testing.T) {
	srv := loadGraph(t, readFixture(t))
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, tt := range fixtureCases {
		t.Run(tt.name, func(t *testing.T) {
			tested[tt.query] = true
			res := runQuery(t, srv, c, tt.query, tt.params)
			if !slices.Equal(res.Columns, tt.columns) {
				t.Errorf("columns:\n got %q\nwant %q", res.Columns, tt.columns)
			}
			if got := rowJSON(t, res); !slices.Equal(got, tt.rows) {
				t.Errorf("rows:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.rows, "\n"))
			}
		})
	}
	for _, name := range c.Names() {
		if !tested[name] {
			t.Errorf("saved query %s has no fixture case", name)
		}
	}
}

// TestQueriesOnSeeds runs every saved query with its defaults on data/seeds
// as the extractor sees it today. The extractor changes, so only what does
// not depend on it is asserted: the query runs and returns its columns.
func TestQueriesOnSeeds(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	corpus := x.NewCorpus()
	dir := filepath.Join("..", "data", "seeds")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries { // ReadDir sorts by name, as Corpus wants
		if e.IsDir() || filepath.Ext(e.Name()) != ".txt" {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := corpus.Add(extract.Document{Source: e.Name(), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	srv := loadGraph(t, corpus.Graph())
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	columns := map[string][]string{}
	for _, tt := range fixtureCases {
		columns[tt.query] = tt.columns
	}
	for _, q := range c.All() {
		t.Run(q.Name, func(t *testing.T) {
			res := runQuery(t, srv, c, q.Name, nil)
			if want := columns[q.Name]; !slices.Equal(res.Columns, want) {
				t.Errorf("columns:\n got %q\nwant %q", res.Columns, want)
			}
			t.Logf("%d rows with the defaults", len(res.Rows))
		})
	}
}

// TestSyncAdministrations checks the Cypher of graph.SyncAdministrations
// against its Go twin, graph.AdministrationsOn, on edge dates; that a
// re-dated document is re-linked; that a second sync changes nothing; and
// that administrations dropped from the data are removed.
func TestSyncAdministrations(t *testing.T) {
	dates := []string{
		"2017-12-14", "2018", "2018-11", "2018-12", "2021-01-20", "2024", "2024-09-30",
		"2025-01", "1987", "2018-13", "not a date", "",
	}
	g := &graph.Graph{}
	for i, d := range dates {
		g.Documents = append(g.Documents, graph.Document{ID: fmt.Sprintf("doc-%02d", i), Source: fmt.Sprintf("%02d.txt", i), Date: d})
	}
	srv := loadGraph(t, g)
	ctx := context.Background()
	store := graph.NewStore(srv.Driver, srv.Database)
	admins, err := graph.Administrations()
	if err != nil {
		t.Fatal(err)
	}

	links := func() []string {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, srv.Driver, `
MATCH (d:Document)-[r:DURING]->(a:Administration)
RETURN d.id + ' ' + a.key + ' ' + toString(r.certain) + ' ' + r.precision + ' ' + r.doc AS link
ORDER BY link`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(srv.Database))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res.Records {
			out = append(out, r.Values[0].(string))
		}
		return out
	}
	expected := func(dates map[string]string, admins []graph.Administration) []string {
		var out []string
		for id, date := range dates {
			for _, l := range graph.AdministrationsOn(date, admins) {
				out = append(out, fmt.Sprintf("%s %s %t %s %s", id, l.Administration.ID, l.Certain, l.Precision, id))
			}
		}
		slices.Sort(out)
		return out
	}
	byID := map[string]string{}
	for _, d := range g.Documents {
		byID[d.ID] = d.Date
	}
	want := expected(byID, admins)
	if len(want) != 20 { // 2+3+2+2+3+3+2+3 links for the eight well-formed dates after 1988
		t.Fatalf("expected %d links, want 20: the Go side changed", len(want))
	}
	if got := links(); !slices.Equal(got, want) {
		t.Fatalf("links after load:\n got %q\nwant %q", got, want)
	}

	// Idempotent: a second sync writes nothing.
	nodes, rels, err := store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SyncAdministrations(ctx); err != nil {
		t.Fatal(err)
	}
	nodes2, rels2, err := store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(nodes, nodes2) || !maps.Equal(rels, rels2) {
		t.Errorf("second sync changed counts: %v %v -> %v %v", nodes, rels, nodes2, rels2)
	}
	if nodes["Administration"] != len(admins) {
		t.Errorf("%d Administration nodes, want %d", nodes["Administration"], len(admins))
	}

	// A re-dated document (a reload with a better date) is re-linked; one
	// whose date became unknown loses its links.
	_, err = neo4j.ExecuteQuery(ctx, srv.Driver, `
MATCH (a:Document {id: 'doc-00'}) SET a.date = '2025-09-03'
WITH a MATCH (b:Document {id: 'doc-01'}) REMOVE b.date`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(srv.Database))
	if err != nil {
		t.Fatal(err)
	}
	byID["doc-00"], byID["doc-01"] = "2025-09-03", ""
	// Only the Mexican data, as a deployment with its own list would have.
	var mexico []graph.Administration
	for _, a := range admins {
		if a.Country == "Mexico" {
			mexico = append(mexico, a)
		}
	}
	if err := store.SyncAdministrationsFrom(ctx, mexico); err != nil {
		t.Fatal(err)
	}
	if got, want := links(), expected(byID, mexico); !slices.Equal(got, want) {
		t.Errorf("links after re-dating and dropping the US:\n got %q\nwant %q", got, want)
	}
	nodes, _, err = store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if nodes["Administration"] != len(mexico) {
		t.Errorf("%d Administration nodes, want %d", nodes["Administration"], len(mexico))
	}
}
