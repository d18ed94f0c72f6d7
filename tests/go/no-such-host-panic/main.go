// Triggers: panic with "lookup ...: no such host" (a loopback DNS server answers NXDOMAIN).
package main

import (
	"context"
	"fmt"
	"net"
	"time"
)

// nxdomainServer answers every DNS query with NXDOMAIN.
func nxdomainServer() string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		buf := make([]byte, 512)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil || n < 12 {
				return
			}
			resp := append([]byte(nil), buf[:n]...)
			resp[2] = 0x81 | (buf[2] & 0x01) // QR, opcode 0, RD copied
			resp[3] = 0x83                   // RA, RCODE=3 (NXDOMAIN)
			resp[6], resp[7], resp[8], resp[9], resp[10], resp[11] = 0, 0, 0, 0, 0, 0
			pc.WriteTo(resp, addr)
		}
	}()
	return pc.LocalAddr().String()
}

func resolveDB(r *net.Resolver, host string) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addrs, err := r.LookupHost(ctx, host)
	if err != nil {
		panic(err)
	}
	return addrs
}

func main() {
	dns := nxdomainServer()
	r := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", dns)
		},
	}
	fmt.Println(resolveDB(r, "orders-db.prod.example.com"))
}
