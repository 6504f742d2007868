package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.text.DumpString;

/** Network addresses and URLs of the JDK as text, from their fields for every layout (jdk-layouts.md §7). */
final class NetAddresses {
    private NetAddresses() {
    }

    /** An {@code InetAddress} as text: IPv4 dotted, IPv6 from its holder's bytes, else its host name. */
    static String inetAddress(HeapObject a) {
        if (a == null) {
            return null;
        }
        HeapObject holder = a.ref("holder");
        HeapObject src = holder != null ? holder : a; // ≤ 7u: fields on InetAddress itself
        HeapObject holder6 = a.ref("holder6");
        if (holder6 != null && holder6.ref("ipaddress") != null
                && holder6.ref("ipaddress").primitiveArray() instanceof byte[] b && b.length == 16) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < 16; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
            }
            return sb.append(']').toString();
        }
        if (src.value("address") instanceof Integer ip && src.intValue("family", 1) == 1) {
            return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
        }
        String host = DumpString.contentsOf(src.stringValue("hostName"));
        return host != null ? host : DumpString.contentsOf(src.stringValue("originalHostName"));
    }

    /** An {@code InetSocketAddress} ({@code holder}: addr, hostname, port) as {@code host:port}. */
    static String socketAddress(HeapObject sa) {
        if (sa == null) {
            return null;
        }
        HeapObject h = sa.ref("holder") != null ? sa.ref("holder") : sa;
        String host = inetAddress(h.ref("addr"));
        if (host == null) {
            host = DumpString.contentsOf(h.stringValue("hostname"));
        }
        if (host == null) {
            String unixPath = DumpString.contentsOf(sa.stringValue("path")); // UnixDomainSocketAddress wraps a Path
            return unixPath;
        }
        return hostPort(host, h.intValue("port", 0));
    }

    static String hostPort(String host, int port) {
        return host + ":" + port;
    }

    static String listening(String local) {
        return local == null ? "listening" : "listening on " + local;
    }

    static String local(String local) {
        return local == null ? null : "local " + local;
    }

    /** A {@code java.net.URL} as text from its fields. */
    static String url(HeapObject u) {
        if (u == null) {
            return null;
        }
        String protocol = DumpString.contentsOf(u.stringValue("protocol"));
        String host = DumpString.contentsOf(u.stringValue("host"));
        int port = u.intValue("port", -1);
        String file = DumpString.contentsOf(u.stringValue("file"));
        return (protocol == null ? "http" : protocol) + "://" + (host == null ? "" : host)
                + (port < 0 ? "" : ":" + port) + (file == null ? "" : file);
    }
}
