// bench_fanout_server: the server side of bench_fanout. The real fan-out path of opsboard-server
// (OpsServer: HttpListener + QHttpServer + EventHub + Store on a temporary SQLite file, demo
// users, no simulator) plus a scheduler that appends real events to the event log at a fixed
// rate and records, per seq, the moment the fan-out of that event started.
//
// --max-per-turn K: when behind schedule, append at most K events per event-loop turn (default 0:
// every due event in one timer tick, as bench.mjs does). QWebSocket writes a socket's frames when
// the event loop runs again, so a big batch is one write per socket but waits for the whole batch.
//
// Driven over stdin/stdout by bench_fanout (one command per line):
//   -> READY <port> <pid> <epoch>                    (printed once listening)
//   <- run <M> <RATE> <file>                          append M order.updated events at RATE/s
//   -> SENT <m> <t0_ns> <span_ms> <maxlag_ms> <commit_p50_us> <commit_p99_us> <first_seq>
//      and <file> holds one line per event: "<seq> <fanout_start_ns> <scheduled_ns>"
//   <- stats                                          -> STATS <sessions> <delivered>
//   <- quit
// All times are std::chrono::steady_clock (CLOCK_MONOTONIC), the clock bench_fanout reads.
//
// The events are status changes new <-> assigned of the seeded orders (a transition the
// lifecycle allows forever): each one is a real Store::updateOrderStatus transaction (row,
// history, event-log append, BEGIN IMMEDIATE ... COMMIT), then the EventHub fan-out. The
// timestamp is taken on Store::eventAppended, which is emitted after the commit and just before
// Store::eventLogged, the signal the hub fans out from.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include "benchserver.h"
#include "server/demo/demodata.h"
#include "server/domain/orderservice.h"
#include "server/opsserver.h"

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using OpsBench::nowNs;
using OpsBench::reply;

namespace {

constexpr const char *kBench = "bench_fanout_server";

struct Toggle
{
    QString id;
    Ops::OrderStatus status;
};

class Scheduler : public QObject
{
public:
    explicit Scheduler(Ops::OpsServer &server)
        : m_server(server)
    {
        const auto orders = m_server.store().orders().list().orders;
        for (const Ops::Order &o : orders) {
            if (o.status == Ops::OrderStatus::New || o.status == Ops::OrderStatus::Assigned)
                m_orders.append({ o.id, o.status });
        }
        QObject::connect(&m_server.store(), &Ops::Store::eventAppended, this,
            [this](const Ops::ChangeEvent &event) {
                if (m_running)
                    m_fanoutNs.push_back({ event.seq, nowNs() });
            });
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1ms);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }

    [[nodiscard]] qsizetype toggleable() const { return m_orders.size(); }
    //! At most \a count events per event-loop turn (0: every due event at once, as bench.mjs).
    void setMaxPerTurn(int count) { m_maxPerTurn = count; }

    void start(qint64 m, double rate, const QString &file)
    {
        m_m = m;
        m_rate = rate;
        m_file = file;
        m_sent = 0;
        m_maxLagNs = 0;
        m_fanoutNs.clear();
        m_fanoutNs.reserve(std::size_t(m));
        m_sched.clear();
        m_sched.reserve(std::size_t(m));
        m_commitNs.clear();
        m_commitNs.reserve(std::size_t(m));
        m_running = true;
        m_t0 = nowNs();
        tick();
        if (m_running)
            m_timer.start();
    }

private:
    void tick()
    {
        const qint64 now = nowNs();
        const qint64 due = std::min<qint64>(m_m, qint64(double(now - m_t0) * m_rate / 1e9) + 1);
        int thisTurn = 0;
        while (m_sent < due) {
            if (m_maxPerTurn > 0 && thisTurn++ == m_maxPerTurn) {
                // Behind schedule: let the event loop write what is queued, then go on.
                QTimer::singleShot(0, this, [this] {
                    if (m_running)
                        tick();
                });
                return;
            }
            const qint64 scheduled = m_t0 + qint64(double(m_sent) * 1e9 / m_rate);
            Toggle &t = m_orders[m_next];
            m_next = (m_next + 1) % m_orders.size();
            const Ops::OrderStatus to = t.status == Ops::OrderStatus::New
                ? Ops::OrderStatus::Assigned
                : Ops::OrderStatus::New;
            const qint64 before = nowNs();
            m_maxLagNs = std::max(m_maxLagNs, before - scheduled);
            const auto result = m_server.orders().setStatus(t.id, to, std::nullopt, u"bench"_s);
            if (!result.ok()) {
                std::fprintf(stderr, "bench_fanout_server: write failed: %s\n",
                    qPrintable(result.error.message));
                QCoreApplication::exit(1);
                return;
            }
            t.status = to;
            if (!m_fanoutNs.empty())
                m_commitNs.push_back(m_fanoutNs.back().second - before);
            m_sched.push_back(scheduled);
            ++m_sent;
        }
        if (m_sent >= m_m)
            finish();
    }

    void finish()
    {
        m_timer.stop();
        m_running = false;
        const qint64 span = nowNs() - m_t0;
        QFile out(m_file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            std::fprintf(stderr, "bench_fanout_server: cannot write %s\n", qPrintable(m_file));
            QCoreApplication::exit(1);
            return;
        }
        for (std::size_t i = 0; i < m_fanoutNs.size() && i < m_sched.size(); ++i)
            out.write(QByteArray::number(m_fanoutNs[i].first) + ' '
                + QByteArray::number(m_fanoutNs[i].second) + ' ' + QByteArray::number(m_sched[i])
                + '\n');
        out.close();
        std::sort(m_commitNs.begin(), m_commitNs.end());
        const auto pct = [this](double p) {
            return m_commitNs.empty() ? 0.0
                                      : double(m_commitNs[std::min(m_commitNs.size() - 1,
                                            std::size_t(p * double(m_commitNs.size())))])
                    / 1e3;
        };
        reply("SENT " + QByteArray::number(m_sent) + ' ' + QByteArray::number(m_t0) + ' '
            + QByteArray::number(double(span) / 1e6, 'f', 1) + ' '
            + QByteArray::number(double(m_maxLagNs) / 1e6, 'f', 1) + ' '
            + QByteArray::number(pct(0.5), 'f', 1) + ' ' + QByteArray::number(pct(0.99), 'f', 1)
            + ' ' + QByteArray::number(m_fanoutNs.empty() ? 0 : m_fanoutNs.front().first));
    }

    Ops::OpsServer &m_server;
    QList<Toggle> m_orders;
    qsizetype m_next = 0;
    int m_maxPerTurn = 0;
    QTimer m_timer;
    bool m_running = false;
    qint64 m_m = 0;
    double m_rate = 1;
    QString m_file;
    qint64 m_sent = 0;
    qint64 m_t0 = 0;
    qint64 m_maxLagNs = 0;
    std::vector<std::pair<qint64, qint64>> m_fanoutNs;
    std::vector<qint64> m_sched;
    std::vector<qint64> m_commitNs;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    OpsBench::quietLogs();
    const QString dbPath = OpsBench::argumentValue(u"--db"_s);
    const int orders = OpsBench::argumentValue(u"--orders"_s, u"200"_s).toInt();
    const int maxPerTurn = OpsBench::argumentValue(u"--max-per-turn"_s, u"0"_s).toInt();
    QTemporaryDir dir;
    Ops::OpsServer server;
    if (const Ops::Error e = OpsBench::openServer(server, dbPath, dir, u"fanout.sqlite"_s); !e.ok())
        return OpsBench::fail(kBench, e.message);
    if (const Ops::Error e = Ops::Demo::seedOrders(server.store(), orders, 1); !e.ok())
        return OpsBench::fail(kBench, e.message);
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    if (port == 0)
        return OpsBench::fail(kBench, u"cannot listen"_s);
    Scheduler scheduler(server);
    scheduler.setMaxPerTurn(maxPerTurn);
    if (scheduler.toggleable() == 0)
        return OpsBench::fail(kBench, u"no order in status new or assigned"_s);

    const OpsBench::StdinCommands commands([&](const QList<QByteArray> &cmd) {
        if (cmd.value(0) == "run" && cmd.size() == 4)
            scheduler.start(
                cmd.at(1).toLongLong(), cmd.at(2).toDouble(), QString::fromLocal8Bit(cmd.at(3)));
        else if (cmd.value(0) == "stats")
            reply("STATS " + QByteArray::number(server.hub().sessionCount()) + ' '
                + QByteArray::number(server.hub().eventsDelivered()));
    });

    reply("READY " + QByteArray::number(port) + ' ' + QByteArray::number(qint64(::getpid())) + ' '
        + server.store().epoch().toLatin1());
    return QCoreApplication::exec();
}
