package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGuideServerTimeouts: the guide server drops a connection left idle
// after a request, and one that never finishes its request header, instead
// of holding them for ever.
func TestGuideServerTimeouts(t *testing.T) {
	if guideTimeouts.ReadHeader <= 0 || guideTimeouts.Read <= 0 || guideTimeouts.Write <= 0 || guideTimeouts.Idle <= 0 {
		t.Fatalf("guide server timeouts %+v: want every one set", guideTimeouts)
	}
	// Short timeouts, so that the test waits for what it checks; the
	// deadlines below only bound a broken server.
	short := serverTimeouts{ReadHeader: 200 * time.Millisecond, Read: 200 * time.Millisecond, Write: time.Second, Idle: 200 * time.Millisecond}
	srv := newGuideServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }), short)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	tests := []struct {
		name, send string
		answered   bool
	}{
		{"idle after a request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"a header never finished", "GET / HTTP/1.1\r\nHost: x\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.send); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(20 * time.Second))
			r := bufio.NewReader(conn)
			if tt.answered {
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(io.LimitReader(resp.Body, 2))
				resp.Body.Close()
				if string(body) != "ok" {
					t.Fatalf("answer %q", body)
				}
			}
			// The server closes the connection: EOF (or a reset, or a 408
			// for the unfinished header), not our own read deadline.
			rest, err := io.ReadAll(r)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("connection still open after 20 s (read %q)", rest)
			}
			if len(rest) > 0 && !strings.Contains(string(rest), "408") {
				t.Errorf("unexpected bytes %q", rest)
			}
		})
	}
}
