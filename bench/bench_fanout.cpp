// bench_fanout: event fan-out of the real server path to N WebSocket clients on loopback, the
// same work as shared/anchors/ws-node/bench.mjs measures for a Node `ws` server.
//
//   bench_fanout N M RATE [--warm W] [--server <bench_fanout_server>] [--db <file>]
//                [--max-per-turn K]
//   bench_fanout --idle N [--rest-seconds S] [--rest-conns K] [--server …] [--db …]
//
// --idle: no fan-out; REST throughput (K keep-alive connections, GET /api/orders/<id> with one
// request in flight on each) for S seconds alone, then beside N subscribed WebSocket sessions
// that stay silent (they answer pings), then alone again; restRatio is the throughput beside
// them over the mean of the two windows alone. One JSON line.
//
// The SQLite file is on /dev/shm (tmpfs) unless --db names one: the anchor persists nothing,
// and on a disk every commit waits for its fsync (commitP50us/commitP99us show it).
//
// One run: starts bench_fanout_server (OpsServer + EventHub + Store on a temporary SQLite file),
// opens N clients that authenticate with their first frame and subscribe to `orders` exactly as
// the app does (docs/protocol.md), sends W warm-up events (not measured), then M measured events
// at RATE/s, waits for all N·M deliveries (limit 120 s) and prints ONE JSON line with the field
// names of bench.mjs (so run-fanout.sh can put both side by side), plus a few of its own.
//
// The clients are a lean load generator in this one process: non-blocking sockets, one epoll
// loop, minimal WebSocket framing (masked client frames, pong, close). It reports its own CPU
// (`clientsCpuMs`) so a reader can see whether it was the bottleneck.
//
// Latency per delivery: receive time (CLOCK_MONOTONIC, read once per read() call) minus
//   * the moment the server started the fan-out of that event (after its commit; p50ms/p99ms),
//   * the event's scheduled time t0 + i/RATE (schedP50ms…: includes the server falling behind,
//     no coordinated omission).
// The server writes one line per seq with both times; the join is by seq.
//
// Not a test: it prints figures and never fails because a machine is slow.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kMaxInflight = 200;
constexpr int64_t kConnectLimitNs = 60'000'000'000;
constexpr int64_t kDeliverLimitNs = 120'000'000'000;

int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void die(const std::string &message)
{
    std::fprintf(stderr, "bench_fanout: %s\n", message.c_str());
    std::exit(1);
}

// ---- /proc readings -------------------------------------------------------------------------

double procCpuMs(pid_t pid)
{
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto close = all.rfind(')');
    if (close == std::string::npos)
        return 0;
    // fields after "(comm)": state(3) ... utime(14) stime(15)
    std::vector<std::string> fields;
    std::string cur;
    for (std::size_t i = close + 2; i < all.size(); ++i) {
        if (all[i] == ' ') {
            fields.push_back(cur);
            cur.clear();
        } else {
            cur += all[i];
        }
    }
    if (fields.size() < 13)
        return 0;
    const double ticks = double(std::stoll(fields[11]) + std::stoll(fields[12]));
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

double procStatusKb(pid_t pid, const char *key)
{
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string prefix = std::string(key) + ":";
    while (std::getline(f, line)) {
        if (line.rfind(prefix, 0) == 0)
            return std::atof(line.c_str() + prefix.size());
    }
    return 0;
}

// machine-wide busy CPU (ms over all cores) from /proc/stat, as bench.mjs computes it
double machineBusyMs()
{
    std::ifstream f("/proc/stat");
    std::string cpu;
    f >> cpu;
    double total = 0, idle = 0;
    for (int i = 0; i < 10; ++i) {
        double v = 0;
        f >> v;
        total += v;
        if (i == 3 || i == 4)
            idle += v;
    }
    return (total - idle) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

double selfCpuMs()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0
        + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

std::string loadAverage()
{
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

// ---- the server child -----------------------------------------------------------------------

struct Server
{
    pid_t pid = -1;
    int toFd = -1;
    int fromFd = -1;
    std::string buffer;

    void send(const std::string &line) const
    {
        const std::string l = line + "\n";
        if (::write(toFd, l.data(), l.size()) != ssize_t(l.size()))
            die("cannot write to the server");
    }
    // Non-blocking: returns the complete lines read so far.
    std::vector<std::string> lines()
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(fromFd, buf, sizeof buf);
            if (n > 0) {
                buffer.append(buf, std::size_t(n));
                continue;
            }
            if (n == 0)
                die("the server exited");
            break;
        }
        std::vector<std::string> out;
        std::size_t nl;
        while ((nl = buffer.find('\n')) != std::string::npos) {
            out.push_back(buffer.substr(0, nl));
            buffer.erase(0, nl + 1);
        }
        return out;
    }
};

Server startServer(const std::string &binary, const std::string &db, int maxPerTurn)
{
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0)
        die("pipe failed");
    const pid_t pid = fork();
    if (pid < 0)
        die("fork failed");
    if (pid == 0) {
        dup2(to[0], STDIN_FILENO);
        dup2(from[1], STDOUT_FILENO);
        close(to[0]);
        close(to[1]);
        close(from[0]);
        close(from[1]);
        std::vector<const char *> argv { binary.c_str() };
        if (!db.empty()) {
            argv.push_back("--db");
            argv.push_back(db.c_str());
        }
        const std::string perTurn = std::to_string(maxPerTurn);
        argv.push_back("--max-per-turn");
        argv.push_back(perTurn.c_str());
        argv.push_back(nullptr);
        execv(binary.c_str(), const_cast<char *const *>(argv.data()));
        std::perror("exec bench_fanout_server");
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    fcntl(from[0], F_SETFL, fcntl(from[0], F_GETFL) | O_NONBLOCK);
    return Server { pid, to[1], from[0], {} };
}

// ---- lean WebSocket clients -----------------------------------------------------------------

// A non-blocking connection to 127.0.0.1:port, under way (TCP_NODELAY), watched by epollFd for
// reading and writing under \a tag.
int connectLoopback(int epollFd, uint16_t port, uint32_t tag)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        die(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 && errno != EINPROGRESS)
        die(std::string("connect: ") + std::strerror(errno));
    epoll_event ev {};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = tag;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
    return fd;
}

// What epollFd waits for on fd: reading, and writing too when \a write.
void watch(int epollFd, int fd, bool write, uint32_t tag)
{
    epoll_event ev {};
    ev.events = EPOLLIN | (write ? uint32_t(EPOLLOUT) : 0u);
    ev.data.u32 = tag;
    epoll_ctl(epollFd, EPOLL_CTL_MOD, fd, &ev);
}

// Appends what fd has to \a in; false once the peer closed the connection or it failed.
bool readAvailable(int fd, std::string &in)
{
    char buf[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            in.append(buf, std::size_t(n));
            if (n < ssize_t(sizeof buf))
                return true;
            continue;
        }
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

enum class Phase { Connecting, Upgrading, Authenticating, Subscribing, Live, Closed };

struct Conn
{
    int fd = -1;
    Phase phase = Phase::Connecting;
    std::string in;
    std::string out;
    int closeCode = 0;
};

uint32_t g_maskSeed = 0x9e3779b9u;

// A masked client frame (RFC 6455 5.3: every client frame is masked).
void appendFrame(std::string &out, uint8_t opcode, std::string_view payload)
{
    out.push_back(char(0x80 | opcode));
    if (payload.size() < 126) {
        out.push_back(char(0x80 | payload.size()));
    } else {
        out.push_back(char(0x80 | 126));
        out.push_back(char((payload.size() >> 8) & 0xff));
        out.push_back(char(payload.size() & 0xff));
    }
    g_maskSeed = g_maskSeed * 1664525u + 1013904223u;
    const uint8_t mask[4] = { uint8_t(g_maskSeed >> 24), uint8_t(g_maskSeed >> 16),
        uint8_t(g_maskSeed >> 8), uint8_t(g_maskSeed) };
    out.append(reinterpret_cast<const char *>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out.push_back(char(uint8_t(payload[i]) ^ mask[i % 4]));
}

struct Stats
{
    // deliveries of the measured phase, in arrival order
    std::vector<uint32_t> seq;
    std::vector<int64_t> at;
    int64_t got = 0; //!< events received in the current phase
    int64_t lastAt = 0;
    bool recording = false;
    int subscribed = 0;
    int inflight = 0;
    int errors = 0;
    std::unordered_map<int, int> closeCodes;
};

class Clients
{
public:
    Clients(int epollFd, uint16_t port, Stats &stats)
        : m_epoll(epollFd)
        , m_port(port)
        , m_stats(stats)
    { }

    void open()
    {
        Conn c;
        c.fd = connectLoopback(m_epoll, m_port, uint32_t(m_conns.size()));
        m_conns.push_back(std::move(c));
        ++m_stats.inflight;
    }

    [[nodiscard]] std::size_t size() const { return m_conns.size(); }

    void onEvent(uint32_t index, uint32_t events, int64_t t)
    {
        Conn &c = m_conns[index];
        if (c.phase == Phase::Closed)
            return;
        if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN)) {
            fail(c, "socket error");
            return;
        }
        if (c.phase == Phase::Connecting && (events & EPOLLOUT)) {
            c.phase = Phase::Upgrading;
            c.out += "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(m_port)
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n";
        }
        if (events & EPOLLOUT)
            flush(index);
        if (events & EPOLLIN)
            readAll(index, t);
    }

    void closeAll()
    {
        for (Conn &c : m_conns) {
            if (c.fd >= 0)
                ::close(c.fd);
            c.fd = -1;
        }
    }

private:
    void fail(Conn &c, const char *why)
    {
        (void)why;
        ++m_stats.errors;
        if (c.phase != Phase::Live)
            --m_stats.inflight;
        c.phase = Phase::Closed;
        ::close(c.fd);
        c.fd = -1;
    }

    void flush(uint32_t index)
    {
        Conn &c = m_conns[index];
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n > 0) {
                c.out.erase(0, std::size_t(n));
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            } else {
                fail(c, "send failed");
                return;
            }
        }
        watch(m_epoll, c.fd, !c.out.empty(), index);
    }

    void readAll(uint32_t index, int64_t t)
    {
        Conn &c = m_conns[index];
        if (!readAvailable(c.fd, c.in)) {
            // EOF or error
            if (c.phase == Phase::Closed)
                return;
            if (c.closeCode == 0)
                fail(c, "connection closed");
            else {
                c.phase = Phase::Closed;
                ::close(c.fd);
                c.fd = -1;
            }
            return;
        }
        parse(index, t);
    }

    void parse(uint32_t index, int64_t t)
    {
        Conn &c = m_conns[index];
        std::size_t pos = 0;
        if (c.phase == Phase::Upgrading) {
            const auto end = c.in.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                fail(c, "upgrade refused");
                return;
            }
            pos = end + 4;
            c.phase = Phase::Authenticating;
            appendFrame(c.out, 0x1, R"({"op":"auth","token":"demo-manager"})");
            flush(index);
        }
        bool wrote = false;
        while (c.phase != Phase::Closed) {
            const std::size_t avail = c.in.size() - pos;
            if (avail < 2)
                break;
            const auto *p = reinterpret_cast<const uint8_t *>(c.in.data() + pos);
            const uint8_t opcode = p[0] & 0x0f;
            uint64_t len = p[1] & 0x7f;
            std::size_t header = 2;
            if (len == 126) {
                if (avail < 4)
                    break;
                len = (uint64_t(p[2]) << 8) | p[3];
                header = 4;
            } else if (len == 127) {
                if (avail < 10)
                    break;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | p[2 + i];
                header = 10;
            }
            if (avail < header + len)
                break;
            const std::string_view payload(c.in.data() + pos + header, std::size_t(len));
            pos += header + std::size_t(len);
            if (opcode == 0x1 || opcode == 0x0)
                wrote |= onText(c, payload, t);
            else if (opcode == 0x9) {
                appendFrame(c.out, 0xA, payload);
                wrote = true;
            } else if (opcode == 0x8) {
                c.closeCode = payload.size() >= 2
                    ? (int(uint8_t(payload[0])) << 8) | int(uint8_t(payload[1]))
                    : 1005;
                ++m_stats.closeCodes[c.closeCode];
                if (c.phase != Phase::Live)
                    --m_stats.inflight;
                c.phase = Phase::Closed;
                ::close(c.fd);
                c.fd = -1;
                c.in.clear();
                return;
            }
        }
        c.in.erase(0, pos);
        if (wrote && c.phase != Phase::Closed)
            flush(index);
    }

    // Returns true when a frame was queued for sending.
    bool onText(Conn &c, std::string_view text, int64_t t)
    {
        if (c.phase == Phase::Live) {
            const auto at = text.find(R"("seq":)");
            if (at == std::string_view::npos)
                return false;
            uint32_t seq = 0;
            for (std::size_t i = at + 6; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
                seq = seq * 10 + uint32_t(text[i] - '0');
            if (m_stats.recording) {
                m_stats.seq.push_back(seq);
                m_stats.at.push_back(t);
            }
            ++m_stats.got;
            m_stats.lastAt = t;
            return false;
        }
        if (c.phase == Phase::Authenticating && text.find(R"("op":"ready")") != std::string::npos) {
            c.phase = Phase::Subscribing;
            appendFrame(c.out, 0x1, R"({"channels":["orders"],"op":"subscribe"})");
            return true;
        }
        if (c.phase == Phase::Subscribing
            && text.find(R"("op":"subscribed")") != std::string::npos) {
            c.phase = Phase::Live;
            ++m_stats.subscribed;
            --m_stats.inflight;
        }
        return false;
    }

    int m_epoll;
    uint16_t m_port;
    Stats &m_stats;
    std::vector<Conn> m_conns;
};

// ---- REST load: keep-alive connections, one request in flight on each ------------------------

constexpr uint32_t kRestTag = 0x40000000u; //!< epoll tag of a REST connection (index below it)

class RestLoad
{
public:
    RestLoad(int epollFd, uint16_t port, int connections, int orders)
        : m_epoll(epollFd)
        , m_port(port)
        , m_orders(orders)
    {
        for (int i = 0; i < connections; ++i)
            open();
    }
    ~RestLoad()
    {
        for (Http &h : m_conns) {
            if (h.fd >= 0)
                ::close(h.fd);
        }
    }

    //! Answers since the last take, and their latencies (ms).
    int64_t answered = 0;
    int64_t errors = 0;
    std::vector<double> latencies;

    void onEvent(uint32_t index, uint32_t events, int64_t t)
    {
        Http &h = m_conns[index];
        if (h.fd < 0)
            return;
        if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN))
            die("a REST connection failed");
        if (h.connecting && (events & EPOLLOUT)) {
            h.connecting = false;
            request(index, t);
        }
        if (events & EPOLLIN)
            read(index, t);
    }

private:
    struct Http
    {
        int fd = -1;
        bool connecting = true;
        std::string in;
        int64_t sentAt = 0;
    };

    void open()
    {
        Http h;
        h.fd = connectLoopback(m_epoll, m_port, kRestTag | uint32_t(m_conns.size()));
        m_conns.push_back(std::move(h));
    }

    // A dispatcher opening an order: GET /api/orders/<id>, the ids in turn.
    void request(uint32_t index, int64_t t)
    {
        Http &h = m_conns[index];
        char id[16];
        std::snprintf(id, sizeof id, "ORD-%05d", 1 + int(m_next++ % uint64_t(m_orders)));
        const std::string req = std::string("GET /api/orders/") + id
            + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(m_port)
            + "\r\nAuthorization: Bearer demo-manager\r\n\r\n";
        if (::send(h.fd, req.data(), req.size(), MSG_NOSIGNAL) != ssize_t(req.size()))
            die("a REST request did not go out whole");
        h.sentAt = t;
        watch(m_epoll, h.fd, false, kRestTag | index);
    }

    void read(uint32_t index, int64_t t)
    {
        Http &h = m_conns[index];
        if (!readAvailable(h.fd, h.in))
            die("the server closed a REST connection");
        const auto end = h.in.find("\r\n\r\n");
        if (end == std::string::npos)
            return;
        std::string head = h.in.substr(0, end + 2);
        std::transform(head.begin(), head.end(), head.begin(),
            [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); });
        const auto lengthAt = head.find("\r\ncontent-length:");
        if (lengthAt == std::string::npos)
            die("a REST answer without Content-Length");
        const std::size_t length = std::size_t(std::atoll(head.c_str() + lengthAt + 17));
        if (h.in.size() < end + 4 + length)
            return;
        if (h.in.compare(0, 12, "HTTP/1.1 200") == 0) {
            ++answered;
            latencies.push_back(double(t - h.sentAt) / 1e6);
        } else {
            ++errors;
        }
        h.in.erase(0, end + 4 + length);
        request(index, t);
    }

    int m_epoll;
    uint16_t m_port;
    int m_orders;
    uint64_t m_next = 0;
    std::vector<Http> m_conns;
};

// {"<close code>":<count>,…}
std::string closeCodesJson(const std::unordered_map<int, int> &codes)
{
    std::string out = "{";
    for (const auto &[code, count] : codes) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += std::to_string(code);
        out += "\":";
        out += std::to_string(count);
    }
    out += '}';
    return out;
}

double pct(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    return sorted[std::min(sorted.size() - 1, std::size_t(p / 100.0 * double(sorted.size())))];
}

std::string fmt(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string selfDir()
{
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return ".";
    std::string path(buf, std::size_t(n));
    return path.substr(0, path.rfind('/'));
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> positional;
    int warm = 100;
    std::string serverBinary = selfDir() + "/bench_fanout_server";
    std::string db;
    int maxPerTurn = 0;
    int idle = -1; // --idle N: REST throughput beside N idle sessions instead of a fan-out cell
    double restSeconds = 10;
    int restConns = 8;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--warm" && i + 1 < argc)
            warm = std::atoi(argv[++i]);
        else if (a == "--idle" && i + 1 < argc)
            idle = std::atoi(argv[++i]);
        else if (a == "--rest-seconds" && i + 1 < argc)
            restSeconds = std::atof(argv[++i]);
        else if (a == "--rest-conns" && i + 1 < argc)
            restConns = std::atoi(argv[++i]);
        else if (a == "--server" && i + 1 < argc)
            serverBinary = argv[++i];
        else if (a == "--db" && i + 1 < argc)
            db = argv[++i];
        else if (a == "--max-per-turn" && i + 1 < argc)
            maxPerTurn = std::atoi(argv[++i]);
        else if (a == "-h" || a == "--help") {
            std::printf("usage: bench_fanout N M RATE [--warm W] [--server PATH] [--db FILE] "
                        "[--max-per-turn K]\n"
                        "       bench_fanout --idle N [--rest-seconds S] [--rest-conns K] "
                        "[--server PATH] [--db FILE]\n");
            return 0;
        } else
            positional.push_back(a);
    }
    const int n = idle >= 0     ? std::max(idle, 1)
        : positional.size() > 0 ? std::atoi(positional[0].c_str())
                                : 1000;
    const int m = positional.size() > 1 ? std::atoi(positional[1].c_str()) : 1000;
    const double rate = positional.size() > 2 ? std::atof(positional[2].c_str()) : 1000;
    if (n <= 0 || m <= 0 || rate <= 0)
        die("N, M and RATE must be positive");

    // Each process needs ~N descriptors: raise the soft limit to the hard one (inherited by
    // the server child).
    rlimit rl {};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < rlim_t(n) + 100)
        die("ulimit -n " + std::to_string(rl.rlim_cur) + " is below N + 100");
    signal(SIGPIPE, SIG_IGN);

    // The event log lives on tmpfs unless --db says otherwise: the anchor persists nothing, and on
    // a disk every commit waits for an fsync (see commitP50us/commitP99us with --db on a disk).
    std::string shmDir;
    const bool onTmpfs = db.empty();
    if (onTmpfs) {
        char dirTmpl[] = "/dev/shm/bench_fanout_XXXXXX";
        if (mkdtemp(dirTmpl) == nullptr)
            die("cannot create a directory in /dev/shm; pass --db");
        shmDir = dirTmpl;
        db = shmDir + "/fanout.sqlite";
    }
    Server server = startServer(serverBinary, db, maxPerTurn);
    uint16_t port = 0;
    {
        const int64_t until = nowNs() + 30'000'000'000;
        while (port == 0) {
            if (nowNs() > until)
                die("server did not start");
            pollfd pfd { server.fromFd, POLLIN, 0 };
            poll(&pfd, 1, 100);
            for (const std::string &line : server.lines()) {
                if (line.rfind("READY ", 0) == 0)
                    port = uint16_t(std::atoi(line.c_str() + 6));
            }
        }
    }
    const double rssIdleKb = procStatusKb(server.pid, "VmRSS");

    const int epollFd = epoll_create1(0);
    {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.u32 = UINT32_MAX;
        epoll_ctl(epollFd, EPOLL_CTL_ADD, server.fromFd, &ev);
    }
    Stats stats;
    Clients clients(epollFd, port, stats);
    std::unique_ptr<RestLoad> rest;
    std::vector<epoll_event> events(1024);
    std::vector<std::string> serverLines;

    // One turn of the loop; server lines are collected into serverLines.
    const auto turn = [&](int timeoutMs) {
        const int k = epoll_wait(epollFd, events.data(), int(events.size()), timeoutMs);
        const int64_t t = nowNs();
        for (int i = 0; i < k; ++i) {
            const epoll_event &e = events[std::size_t(i)];
            if (e.data.u32 == UINT32_MAX) {
                for (std::string &l : server.lines())
                    serverLines.push_back(std::move(l));
            } else if (e.data.u32 & kRestTag) {
                if (rest)
                    rest->onEvent(e.data.u32 & ~kRestTag, e.events, t);
            } else {
                clients.onEvent(e.data.u32, e.events, t);
            }
        }
    };
    const auto stopServer = [&] {
        server.send("quit");
        clients.closeAll();
        int status = 0;
        const int64_t until = nowNs() + 5'000'000'000;
        while (waitpid(server.pid, &status, WNOHANG) == 0 && nowNs() < until)
            usleep(10000);
        if (waitpid(server.pid, &status, WNOHANG) == 0) {
            kill(server.pid, SIGKILL);
            waitpid(server.pid, &status, 0);
        }
        if (onTmpfs) {
            for (const char *suffix : { "", "-wal", "-shm", "-journal" })
                std::remove((db + suffix).c_str());
            rmdir(shmDir.c_str());
        }
    };
    const auto waitLine = [&](const std::string &prefix, int64_t limitNs) -> std::string {
        const int64_t until = nowNs() + limitNs;
        while (nowNs() < until) {
            for (std::size_t i = 0; i < serverLines.size(); ++i) {
                if (serverLines[i].rfind(prefix, 0) == 0) {
                    std::string l = serverLines[i];
                    serverLines.erase(serverLines.begin() + long(i));
                    return l;
                }
            }
            turn(5);
        }
        die("no '" + prefix + "' from the server");
    };

    // Connect N clients, at most kMaxInflight handshakes (connect+upgrade+auth+subscribe) at once.
    const auto connectAll = [&](int count) {
        const int64_t tConnect = nowNs();
        while (stats.subscribed + stats.errors < count) {
            while (stats.inflight < kMaxInflight && clients.size() < std::size_t(count))
                clients.open();
            if (nowNs() - tConnect > kConnectLimitNs)
                die("connect timeout: " + std::to_string(stats.subscribed) + "/"
                    + std::to_string(count) + " subscribed");
            turn(5);
        }
        return double(nowNs() - tConnect) / 1e6;
    };

    if (idle >= 0) {
        // REST throughput alone, then beside `idle` sessions that are subscribed and silent (they
        // answer the server's pings, nothing else happens on them).
        struct Window
        {
            double perSec = 0, p50 = 0, p99 = 0, serverCpuPct = 0;
            int64_t errors = 0;
        };
        const auto measure = [&] {
            rest = std::make_unique<RestLoad>(epollFd, port, restConns, 200);
            const int64_t warmUntil = nowNs() + 1'000'000'000; // connections up, caches warm
            while (nowNs() < warmUntil)
                turn(5);
            rest->answered = 0;
            rest->errors = 0;
            rest->latencies.clear();
            const double cpu0 = procCpuMs(server.pid);
            const int64_t t0 = nowNs();
            while (double(nowNs() - t0) < restSeconds * 1e9)
                turn(5);
            const double ms = double(nowNs() - t0) / 1e6;
            Window w;
            w.perSec = double(rest->answered) / (ms / 1000.0);
            std::sort(rest->latencies.begin(), rest->latencies.end());
            w.p50 = pct(rest->latencies, 50);
            w.p99 = pct(rest->latencies, 99);
            w.serverCpuPct = 100.0 * (procCpuMs(server.pid) - cpu0) / ms;
            w.errors = rest->errors;
            rest.reset();
            return w;
        };
        const Window alone = measure();
        const double connectMs = idle > 0 ? connectAll(idle) : 0;
        const double rssConnectedKb = procStatusKb(server.pid, "VmRSS");
        const Window beside = measure();
        const int live = stats.subscribed;
        // Alone again once the sessions are gone: the machine's speed drifts over a minute, and
        // the two windows alone bracket the one beside.
        clients.closeAll();
        const int64_t settle = nowNs() + 2'000'000'000;
        while (nowNs() < settle)
            turn(5);
        const Window after = measure();
        const double alonePerSec = (alone.perSec + after.perSec) / 2;
        const std::string closes = closeCodesJson(stats.closeCodes);
        const std::string load = loadAverage();
        stopServer();
        std::printf("{\"impl\":\"opsboard\",\"mode\":\"idle\",\"idle\":%d,\"live\":%d,"
                    "\"errors\":%d,\"closeCodes\":%s,\"connectMs\":%.0f,\"kbPerConn\":%.1f,"
                    "\"restConns\":%d,\"restSeconds\":%.0f,\"restPerSecAlone\":%.0f,"
                    "\"restPerSecBeside\":%.0f,\"restPerSecAloneAfter\":%.0f,\"restRatio\":%.3f,"
                    "\"p50msAlone\":%.2f,\"p99msAlone\":%.2f,\"p50msBeside\":%.2f,"
                    "\"p99msBeside\":%.2f,\"serverCpuPctAlone\":%.0f,\"serverCpuPctBeside\":%.0f,"
                    "\"restErrors\":%lld,\"loadavg\":\"%s\"}\n",
            idle, live, stats.errors, closes.c_str(), connectMs,
            idle > 0 ? (rssConnectedKb - rssIdleKb) / idle : 0.0, restConns, restSeconds,
            alone.perSec, beside.perSec, after.perSec,
            alonePerSec > 0 ? beside.perSec / alonePerSec : 0.0, alone.p50, alone.p99, beside.p50,
            beside.p99, alone.serverCpuPct, beside.serverCpuPct,
            static_cast<long long>(alone.errors + beside.errors + after.errors), load.c_str());
        return 0;
    }

    const double connectMs = connectAll(n);
    const double rssConnectedKb = procStatusKb(server.pid, "VmRSS");

    char tmpl[] = "/tmp/bench_fanout_XXXXXX";
    const int tmpFd = mkstemp(tmpl);
    if (tmpFd < 0)
        die("mkstemp failed");
    ::close(tmpFd);
    const std::string tsFile = tmpl;

    // Warm-up (not measured).
    if (warm > 0) {
        stats.got = 0;
        server.send("run " + std::to_string(warm) + " " + fmt(rate, 3) + " " + tsFile);
        waitLine("SENT ", kDeliverLimitNs);
        const int64_t until = nowNs() + kDeliverLimitNs;
        while (stats.got < int64_t(stats.subscribed) * warm && nowNs() < until)
            turn(5);
    }

    // Measured phase.
    stats.got = 0;
    stats.seq.reserve(std::size_t(stats.subscribed) * std::size_t(m));
    stats.at.reserve(std::size_t(stats.subscribed) * std::size_t(m));
    stats.recording = true;
    const double serverCpu0 = procCpuMs(server.pid);
    const double myCpu0 = selfCpuMs();
    const double busy0 = machineBusyMs();
    const int64_t t0 = nowNs();
    server.send("run " + std::to_string(m) + " " + fmt(rate, 3) + " " + tsFile);
    const int64_t expected = int64_t(stats.subscribed) * m;
    std::string sent;
    {
        const int64_t until = t0 + kDeliverLimitNs;
        while ((stats.got < expected || sent.empty()) && nowNs() < until) {
            turn(5);
            for (std::size_t i = 0; i < serverLines.size() && sent.empty(); ++i) {
                if (serverLines[i].rfind("SENT ", 0) == 0) {
                    sent = serverLines[i];
                    serverLines.erase(serverLines.begin() + long(i));
                }
            }
        }
    }
    const int64_t tEnd = stats.got >= expected ? stats.lastAt : nowNs();
    const double deliverMs = double(tEnd - t0) / 1e6;
    const double serverCpuMs = procCpuMs(server.pid) - serverCpu0;
    const double myCpuMs = selfCpuMs() - myCpu0;
    const double busyMs = machineBusyMs() - busy0;
    const double rssAfterKb = procStatusKb(server.pid, "VmRSS");
    const double hwmKb = procStatusKb(server.pid, "VmHWM");
    const std::string load = loadAverage();
    stats.recording = false;
    server.send("stats");
    const std::string statsLine = waitLine("STATS ", 10'000'000'000);
    int sessions = 0;
    std::sscanf(statsLine.c_str(), "STATS %d", &sessions);

    // SENT <m> <t0_ns> <span_ms> <maxlag_ms> <commit_p50_us> <commit_p99_us> <first_seq>
    double sendSpanMs = 0, maxLagMs = 0, commitP50 = 0, commitP99 = 0;
    long long sentCount = 0, serverT0 = 0, firstSeq = 0;
    if (!sent.empty())
        std::sscanf(sent.c_str(), "SENT %lld %lld %lf %lf %lf %lf %lld", &sentCount, &serverT0,
            &sendSpanMs, &maxLagMs, &commitP50, &commitP99, &firstSeq);

    // Join by seq.
    std::unordered_map<uint32_t, std::pair<int64_t, int64_t>> times;
    {
        std::ifstream f(tsFile);
        long long s = 0, fan = 0, sched = 0;
        while (f >> s >> fan >> sched)
            times.emplace(uint32_t(s), std::make_pair(int64_t(fan), int64_t(sched)));
    }
    std::remove(tsFile.c_str());
    std::vector<double> lat, schedLat;
    lat.reserve(stats.seq.size());
    schedLat.reserve(stats.seq.size());
    int64_t unmatched = 0;
    for (std::size_t i = 0; i < stats.seq.size(); ++i) {
        const auto it = times.find(stats.seq[i]);
        if (it == times.end()) {
            ++unmatched;
            continue;
        }
        lat.push_back(double(stats.at[i] - it->second.first) / 1e6);
        schedLat.push_back(double(stats.at[i] - it->second.second) / 1e6);
    }
    std::sort(lat.begin(), lat.end());
    std::sort(schedLat.begin(), schedLat.end());

    stopServer();

    const std::string closes = closeCodesJson(stats.closeCodes);
    const double mb = 1024.0;
    std::printf("{\"impl\":\"opsboard\",\"N\":%d,\"M\":%d,\"rate\":%s,\"delivered\":%lld,"
                "\"expected\":%lld,\"errors\":%d,\"connectMs\":%.0f,"
                "\"p50ms\":%.2f,\"p99ms\":%.2f,\"maxms\":%.2f,"
                "\"schedP50ms\":%.1f,\"schedP99ms\":%.1f,\"schedMaxms\":%.1f,"
                "\"sendSpanMs\":%.0f,\"maxSendLagMs\":%.1f,\"deliverMs\":%.0f,"
                "\"deliveriesPerSec\":%.0f,\"serverCpuMs\":%.0f,\"serverCpuPct\":%.0f,"
                "\"serverRssIdleMB\":%.1f,\"serverRssConnectedMB\":%.1f,\"kbPerConn\":%.1f,"
                "\"serverRssAfterMB\":%.1f,\"serverMaxRssMB\":%.1f,\"clientsCpuMs\":%.0f,"
                "\"otherCpuMs\":%.0f,\"commitP50us\":%.1f,\"commitP99us\":%.1f,"
                "\"sessionsAfter\":%d,\"closeCodes\":%s,\"unmatched\":%lld,\"loadavg\":\"%s\","
                "\"db\":\"%s\",\"maxPerTurn\":%d}\n",
        n, m, fmt(rate, 0).c_str(), static_cast<long long>(stats.got),
        static_cast<long long>(expected), stats.errors, connectMs, pct(lat, 50), pct(lat, 99),
        lat.empty() ? 0.0 : lat.back(), pct(schedLat, 50), pct(schedLat, 99),
        schedLat.empty() ? 0.0 : schedLat.back(), sendSpanMs, maxLagMs, deliverMs,
        double(stats.got) / (deliverMs / 1000.0), serverCpuMs, 100.0 * serverCpuMs / deliverMs,
        rssIdleKb / mb, rssConnectedKb / mb, (rssConnectedKb - rssIdleKb) / n, rssAfterKb / mb,
        hwmKb / mb, myCpuMs, std::max(0.0, busyMs - serverCpuMs - myCpuMs), commitP50, commitP99,
        sessions, closes.c_str(), static_cast<long long>(unmatched), load.c_str(),
        onTmpfs ? "tmpfs" : db.c_str(), maxPerTurn);
    return 0;
}
