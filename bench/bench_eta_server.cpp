// bench_eta_server: the server side of bench_eta. The real opsboard-server path (OpsServer:
// HttpListener + QHttpServer + EventHub + Store on a SQLite file, demo users, the ETA engine with
// the built-in model) with D drivers × K open orders each, plus a feeder that writes driver
// position reports at a fixed rate through the live write path (DriverRepository::updateLive:
// one transaction and one `driver.updated` event each, what a GPS report does), and prints the
// moment of each report so the client side can tell how long it took to reach a screen.
//
// Motion: each driver drives toward a target (the drop-off of one of its orders, then points
// nearby) at a speed that changes from report to report between 0.4 and 1.6 times the speed the
// built-in model assumes, so ETAs drift the way traffic makes them drift; --jitter M adds up to
// M metres of noise per report (more ETA writes).
//
//   bench_eta_server [--db FILE] [--drivers 500] [--orders-per-driver 10] [--throttle 2000]
//                    [--no-eta] [--seed 1]
//
// Over stdin/stdout (one command per line; times are steady_clock = CLOCK_MONOTONIC ns):
//   -> READY <port>                       listening, every initial ETA written
//   <- run <rate/s> <warm-up s> <seconds> <jitter m>   feed position reports
//   -> POS <driver> <ns>                  per report, just before its write
//   -> ETA <driver> <ns>                  per ETA write, as the hub gets its event
//   -> MEASURE <ns>                       the warm-up is over (ETAs have drifted as in a day)
//   -> FED <reports> <cpu s> <wall s>     the feed is over: reports, and the CPU time of this
//                                         process, over the measured part
//   <- stats                              -> STATS <recomputes> <written> <unchanged> <events>
//   <- quit

#include <chrono>
#include <cmath>
#include <memory>
#include <numbers>

#include <QCoreApplication>
#include <QHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include "benchserver.h"
#include "server/demo/demodata.h"
#include "server/opsserver.h"

#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using OpsBench::nowNs;
using OpsBench::reply;

namespace {

constexpr const char *kBench = "bench_eta_server";

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

const QStringList kRegions { u"north"_s, u"south"_s, u"east"_s, u"west"_s };

//! A point \a metres away from \a from in a random direction.
Ops::GeoPoint offset(Ops::GeoPoint from, double metres, QRandomGenerator &rng)
{
    const double angle = rng.generateDouble() * 2 * std::numbers::pi;
    const double dLat = metres * std::cos(angle) / 111'195.0;
    const double dLon =
        metres * std::sin(angle) / (111'195.0 * std::cos(from.lat * std::numbers::pi / 180));
    return Ops::GeoPoint { from.lat + dLat, from.lon + dLon };
}

struct Moving
{
    Ops::Driver driver;
    Ops::GeoPoint target;
    qint64 lastReportNs = 0;
};

class Feeder : public QObject
{
public:
    Feeder(Ops::OpsServer &server, QList<Moving> drivers, double modelKmh)
        : m_server(server)
        , m_drivers(std::move(drivers))
        , m_modelKmh(modelKmh)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { feed(); });
    }

    void start(double rate, double warmup, double seconds, double jitter)
    {
        m_rate = rate;
        m_jitter = jitter;
        m_reports = 0;
        m_t0 = nowNs();
        m_measureFrom = m_t0 + qint64(warmup * 1e9);
        m_measuring = false;
        m_until = m_measureFrom + qint64(seconds * 1e9);
        for (Moving &m : m_drivers)
            m.lastReportNs = m_t0;
        m_timer.start(5);
    }

private:
    void feed()
    {
        const qint64 now = nowNs();
        const qint64 end = std::min(now, m_until);
        const auto due = qint64(double(end - m_t0) / 1e9 * m_rate);
        while (m_reports < due) {
            if (!m_measuring && nowNs() >= m_measureFrom) {
                m_measuring = true;
                m_measured0 = m_reports;
                m_measuredNs = nowNs();
                m_cpu0 = cpuSeconds();
                reply("MEASURE " + QByteArray::number(m_measuredNs));
            }
            report(m_drivers[qsizetype(m_next)]);
            m_next = (m_next + 1) % quint64(m_drivers.size());
            ++m_reports;
        }
        if (now >= m_until) {
            m_timer.stop();
            const double wall = double(nowNs() - m_measuredNs) / 1e9;
            reply("FED " + QByteArray::number(m_reports - m_measured0) + ' '
                + QByteArray::number(cpuSeconds() - m_cpu0, 'f', 3) + ' '
                + QByteArray::number(wall, 'f', 3));
        }
    }

    void report(Moving &m)
    {
        const qint64 now = nowNs();
        const double dt = double(now - m.lastReportNs) / 1e9;
        m.lastReportNs = now;
        // Straight-line progress at the model's road speed ÷ its detour factor, times traffic.
        const double traffic = 0.4 + 1.2 * m_rng.generateDouble();
        const double metres = m_modelKmh / 1.4 / 3.6 * traffic * dt;
        Ops::Driver &d = m.driver;
        const Ops::GeoPoint at { d.lat, d.lon };
        const double left = Ops::TravelModel::distanceKm(at, m.target) * 1000;
        Ops::GeoPoint next = left <= metres
            ? m.target
            : Ops::GeoPoint { at.lat + (m.target.lat - at.lat) * metres / left,
                  at.lon + (m.target.lon - at.lon) * metres / left };
        if (m_jitter > 0)
            next = offset(next, m_jitter * m_rng.generateDouble(), m_rng);
        if (left <= metres)
            m.target = offset(m.target, 500 + 2500 * m_rng.generateDouble(), m_rng);
        d.lat = next.lat;
        d.lon = next.lon;
        d.lastSeenAt = QDateTime(); // now, as the store sees it
        reply("POS " + d.id.toLatin1() + ' ' + QByteArray::number(now));
        const Ops::StoreWrite<Ops::Driver> written =
            m_server.store().drivers().updateLive(d, u"gps"_s);
        if (written.ok())
            d = *written.item;
    }

    Ops::OpsServer &m_server;
    QList<Moving> m_drivers;
    double m_modelKmh;
    QRandomGenerator m_rng { 7 };
    QTimer m_timer;
    double m_rate = 100;
    double m_jitter = 0;
    qint64 m_t0 = 0;
    qint64 m_until = 0;
    qint64 m_measureFrom = 0;
    bool m_measuring = false;
    qint64 m_measured0 = 0;
    qint64 m_measuredNs = 0;
    qint64 m_reports = 0;
    quint64 m_next = 0;
    double m_cpu0 = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    OpsBench::quietLogs();
    const QString dbPath = OpsBench::argumentValue(u"--db"_s);
    const int driverCount = OpsBench::argumentValue(u"--drivers"_s, u"500"_s).toInt();
    const int perDriver = OpsBench::argumentValue(u"--orders-per-driver"_s, u"10"_s).toInt();
    const int throttleMs = OpsBench::argumentValue(u"--throttle"_s, u"2000"_s).toInt();
    const bool eta = !QCoreApplication::arguments().contains(u"--no-eta"_s);
    const quint32 seed = OpsBench::argumentValue(u"--seed"_s, u"1"_s).toUInt();
    QTemporaryDir dir;
    Ops::OpsServer server;
    if (const Ops::Error e = OpsBench::openServer(server, dbPath, dir, u"eta.sqlite"_s); !e.ok())
        return OpsBench::fail(kBench, e.message);

    // D drivers in the four demo regions, K open orders each: half to be picked up at the
    // region's depot, half in transit, dropped off within 3 km.
    QRandomGenerator rng(seed);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Ops::Store::InitialState state;
    QList<Moving> moving;
    for (int i = 0; i < driverCount; ++i) {
        const QString region = kRegions.at(i % kRegions.size());
        Ops::Driver d;
        d.id = u"DRV-%1"_s.arg(i + 1, 4, 10, QLatin1Char('0'));
        d.name = u"Driver %1"_s.arg(i + 1);
        d.region = region;
        d.status = Ops::DriverStatus::EnRoute;
        const Ops::GeoPoint at = Ops::Demo::positionNear(region, rng);
        d.lat = at.lat;
        d.lon = at.lon;
        d.lastSeenAt = now;
        d.version = 1;
        state.drivers.append(d);
        Ops::GeoPoint target = at;
        for (int k = 0; k < perDriver; ++k) {
            Ops::Order o;
            o.id = u"ORD-%1"_s.arg(i * perDriver + k + 1, 6, 10, QLatin1Char('0'));
            o.customer = u"Customer %1"_s.arg(k);
            o.region = region;
            const Ops::Demo::Place depot = Ops::Demo::depotOf(region);
            o.pickup = depot.address;
            o.pickupAt = depot.at;
            o.dropoff = u"Stop %1"_s.arg(k);
            o.dropoffAt = offset(at, 300 + 2700 * rng.generateDouble(), rng);
            o.driverId = d.id;
            o.status = k % 2 == 0 ? Ops::OrderStatus::InTransit : Ops::OrderStatus::Assigned;
            o.amountCents = 1000;
            o.dueAt = now.addSecs(20 * 60 + rng.bounded(120 * 60));
            o.updatedAt = now;
            o.version = 1;
            state.orders.append(o);
            if (k == 0)
                target = *o.dropoffAt;
        }
        moving.append(Moving { d, target, 0 });
    }
    if (const Ops::Error e = server.store().insertInitialState(state); !e.ok())
        return OpsBench::fail(kBench, e.message);
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    if (port == 0)
        return OpsBench::fail(kBench, u"cannot listen"_s);
    Feeder feeder(server, moving, server.travelTimes().model().speedKmh);
    qint64 events = 0;
    QHash<QString, QByteArray> driverOf; // order → driver
    for (const Ops::Order &o : std::as_const(state.orders))
        driverOf.insert(o.id, o.driverId.toLatin1());
    QObject::connect(&server.store(), &Ops::Store::eventLogged, &app,
        [&events, &driverOf](const Ops::ChangeEvent &event) {
            ++events;
            if (event.entity == "order"_L1 && event.fields.contains("etaAt"_L1))
                reply("ETA " + driverOf.value(event.id) + ' ' + QByteArray::number(nowNs()));
        });
    const auto ready = [port] { reply("READY " + QByteArray::number(port)); };
    if (eta) {
        // Ready once the first sweep has given every order its ETA.
        Ops::EtaEngine &engine = server.startEtaEngine(std::chrono::milliseconds(throttleMs));
        auto swept = std::make_shared<int>(0);
        QObject::connect(&engine, &Ops::EtaEngine::recomputed, &app, [&, swept, driverCount] {
            if (++*swept == driverCount)
                ready();
        });
    } else {
        ready();
    }

    const OpsBench::StdinCommands commands([&](const QList<QByteArray> &cmd) {
        if (cmd.value(0) == "run" && cmd.size() == 5) {
            feeder.start(cmd.at(1).toDouble(), cmd.at(2).toDouble(), cmd.at(3).toDouble(),
                cmd.at(4).toDouble());
        } else if (cmd.value(0) == "stats") {
            const Ops::EtaEngine *engine = server.etaEngine();
            const Ops::EtaEngine::Stats stats = engine ? engine->stats() : Ops::EtaEngine::Stats();
            reply("STATS " + QByteArray::number(stats.recomputes) + ' '
                + QByteArray::number(stats.written) + ' ' + QByteArray::number(stats.unchanged)
                + ' ' + QByteArray::number(events));
        }
    });
    return QCoreApplication::exec();
}
