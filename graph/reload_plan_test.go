package graph_test

import (
	"fmt"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// These tests check the planning half of Sync without a server: which
// documents and nodes a change touches. graph/reload's tests write such
// plans to a real Neo4j and compare the result with a fresh load.

// stored returns the states the store holds once g is synced.
func stored(g *graph.Graph) (map[string]graph.DocumentState, map[string]graph.NodeState) {
	p := graph.PlanSync(g, nil, nil)
	docs := map[string]graph.DocumentState{}
	for _, d := range p.Replace {
		docs[d.Document.ID] = graph.DocumentState{ID: d.Document.ID, Source: d.Document.Source, SHA256: d.Document.SHA256, FactsHash: d.FactsHash}
	}
	nodes := map[string]graph.NodeState{}
	for _, n := range g.Nodes {
		nodes[n.ID] = graph.NodeState{Label: n.Label, ContentHash: graph.ContentHash(graph.NodeProperties(n))}
	}
	return docs, nodes
}

var (
	docA = reloadtest.Doc{Source: "a.txt", SHA: "sha-a", Facts: []string{"p-ana HOLDS_OFFICE o-minister", "p-ana SAID s-a1", "o-minister OF c-mexico"}}
	docB = reloadtest.Doc{Source: "b.txt", SHA: "sha-b", Facts: []string{"p-ana ATTENDED m-summit", "p-bo ATTENDED m-summit", "g-un AGREED_TO a-pact"}}
	docC = reloadtest.Doc{Source: "c.txt", SHA: "sha-c", Facts: []string{"p-bo MEMBER_OF g-un", "p-bo SAID s-c1"}}
)

// planSummary renders what a plan writes, for exact comparison.
func planSummary(p *graph.SyncPlan) string {
	var docs, nodes, orphans []string
	for _, d := range p.Replace {
		docs = append(docs, d.Document.ID)
	}
	for _, n := range p.Upsert {
		nodes = append(nodes, n.ID)
	}
	for _, n := range p.Orphans {
		orphans = append(orphans, n.Label+":"+n.ID)
	}
	return fmt.Sprintf("replace %v; remove %v; upsert %v; orphans %v; unchanged %d",
		docs, p.Remove, nodes, orphans, p.Unchanged)
}

func TestPlanSync(t *testing.T) {
	synth := reloadtest.Synth
	type doc = reloadtest.Doc
	base := synth(nil, docA, docB, docC)
	anaFull := graph.Node{ID: "p-ana", Label: graph.LabelPerson, Name: "Ana María López", Aliases: []string{"Ana López"}}
	const nothing = "replace []; remove []; upsert []; orphans []; unchanged 3"
	tests := []struct {
		name   string
		before *graph.Graph // nil: empty store
		after  *graph.Graph
		want   string
	}{
		{"empty store: everything is written", nil, base,
			"replace [doc-a.txt doc-b.txt doc-c.txt]; remove []; upsert [a-pact c-mexico g-un m-summit o-minister p-ana p-bo s-a1 s-c1]; orphans []; unchanged 0"},
		{"no change: nothing", base, base, nothing},
		{"new document: it alone, and its new nodes", base,
			synth(nil, docA, docB, docC, doc{Source: "d.txt", SHA: "sha-d", Facts: []string{"p-cy SAID s-d1", "p-cy HOLDS_OFFICE o-minister"}}),
			"replace [doc-d.txt]; remove []; upsert [p-cy s-d1]; orphans []; unchanged 3"},
		{"changed document: it alone; a node it alone supported goes", base,
			synth(nil, doc{Source: "a.txt", SHA: "sha-a2", Facts: []string{"p-ana HOLDS_OFFICE o-minister", "o-minister OF c-mexico"}}, docB, docC),
			"replace [doc-a.txt]; remove []; upsert []; orphans [Statement:s-a1]; unchanged 2"},
		{"whitespace edit: same facts, new hash, the document is rewritten", base,
			synth(nil, doc{Source: "a.txt", SHA: "sha-a3", Facts: docA.Facts}, docB, docC),
			"replace [doc-a.txt]; remove []; upsert []; orphans []; unchanged 2"},
		{"deleted document: its node goes; nodes others support stay", base,
			synth(nil, docA, docC),
			"replace []; remove [doc-b.txt]; upsert []; orphans [Agreement:a-pact Meeting:m-summit]; unchanged 2"},
		{"resolution changes a node's properties: the node alone", base,
			synth([]graph.Node{anaFull}, docA, docB, docC),
			"replace []; remove []; upsert [p-ana]; orphans []; unchanged 3"},
		{"resolution renames an entity: every document citing it, old node out", base,
			synth(nil,
				doc{Source: "a.txt", SHA: "sha-a", Facts: []string{"p-analopez HOLDS_OFFICE o-minister", "p-analopez SAID s-a1", "o-minister OF c-mexico"}},
				doc{Source: "b.txt", SHA: "sha-b", Facts: []string{"p-analopez ATTENDED m-summit", "p-bo ATTENDED m-summit", "g-un AGREED_TO a-pact"}},
				docC),
			"replace [doc-a.txt doc-b.txt]; remove []; upsert [p-analopez]; orphans [Person:p-ana]; unchanged 1"},
		{"same id, new label: old node out, new one in, its documents rewritten", base,
			synth([]graph.Node{{ID: "g-un", Label: graph.LabelCountry, Name: "g-un"}}, docA, docB, docC),
			"replace [doc-b.txt doc-c.txt]; remove []; upsert [g-un]; orphans [Organization:g-un]; unchanged 1"},
		{"empty corpus: everything goes", base, &graph.Graph{},
			"replace []; remove [doc-a.txt doc-b.txt doc-c.txt]; upsert []; orphans [Agreement:a-pact Country:c-mexico Organization:g-un Meeting:m-summit Office:o-minister Person:p-ana Person:p-bo Statement:s-a1 Statement:s-c1]; unchanged 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs map[string]graph.DocumentState
			var nodes map[string]graph.NodeState
			if tt.before != nil {
				docs, nodes = stored(tt.before)
			}
			p := graph.PlanSync(tt.after, docs, nodes)
			if got := planSummary(p); got != tt.want {
				t.Errorf("plan:\n got %s\nwant %s", got, tt.want)
			}
			if p.Empty() != (tt.want == nothing) {
				t.Errorf("Empty() = %v", p.Empty())
			}
		})
	}
}

func TestPlanSyncCountsUnattributed(t *testing.T) {
	g := reloadtest.Synth(nil, docA)
	g.Relationships = append(g.Relationships, graph.Relationship{Type: graph.RelSaid, From: "p-ana", To: "s-a1",
		Properties: map[string]any{graph.PropDoc: "doc-nowhere"}})
	if got := graph.PlanSync(g, nil, nil).Unattributed; got != 1 {
		t.Errorf("Unattributed = %d, want 1", got)
	}
}
