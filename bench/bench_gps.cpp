// bench_gps: GPS reports from many phones through the OsmAnd endpoint → every connected
// client's DriversTableModel updated; and the server's CPU meanwhile.
//
//   bench_gps [--server-binary <opsboard-server>] [--devices 2000] [--interval 5000]
//             [--clients 20] [--threads 2] [--connections 16] [--warmup 10] [--duration 60]
//             [--db <file>] [--keep-access-log]
//
// Starts opsboard-server (--demo --no-sim, --devices demo drivers, each with its device key
// demo-DRV-nnn; alert engine off) on free loopback ports with the OsmAnd intake on its own port,
// connects --clients real client stacks (ApiClient + QueryClient + ConnectionManager + LiveSync
// + DriversTableModel on ["drivers"], as the app wires them) in --threads worker threads, waits
// until all are Live with every driver loaded, then sends each device's OsmAnd report every
// --interval ms, spread evenly (2,000 devices every 5 s = 400 reports/s), as Traccar Client 8
// sends them (GET with the query), over --connections keep-alive connections from one address
// (the address limit is raised for that: a gateway, or one NAT).
//
// Per (report, client): the time from just before the request was written until that client's
// model emitted dataChanged for the driver showing that report's fix time (the request, the
// intake, the commit, the fan-out, the event, LiveSync's patch, the model's diff). Per report
// also the slowest client ("every screen"), and the HTTP round trip. Server CPU is utime +
// stime of its process (/proc/<pid>/stat) over the measured window, as % of one core. Clocks:
// steady_clock, one process. Prints `BENCH <name> <value> <unit>` lines and one JSON line; never
// fails on speed.

#include <atomic>
#include <cstdio>
#include <mutex>
#include <unordered_map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include "benchclients.h"
#include "models/driverstablemodel.h"

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace OpsBench;

namespace {

//! One dashboard client without the window, showing the drivers list.
struct GpsStack
{
    GpsStack(const QUrl &base, const QString &token, int index)
    {
        api.setBaseUrl(base);
        api.setToken(token);
        queries.setDefaultQueryFn(Ops::restQueryFn(&api));
        connection.setUrl(socketUrl(base));
        connection.setToken(token);
        // The channels the app's Session subscribes.
        connection.setChannels({ u"orders"_s, u"drivers"_s, u"kpis"_s });
        connection.setRandomSeed(quint32(index) * 2654435761u + 1u);
        sync =
            std::make_unique<Ops::LiveSync>(&connection, &api, &queries, Ops::EventMap::builtIn());
        drivers = std::make_unique<Ops::DriversTableModel>(&queries);
    }

    Ops::ApiClient api;
    Ops::QueryClient queries;
    Ops::ConnectionManager connection;
    std::unique_ptr<Ops::LiveSync> sync;
    std::unique_ptr<Ops::DriversTableModel> drivers;
};

//! A report key: the device (driver number) and its fix time in milliseconds.
qint64 reportKey(int driver, qint64 fixMs)
{
    return (qint64(driver) << 42) | fixMs;
}

//! Reports in flight and what the clients saw, shared by the sender and the client threads.
struct Ledger
{
    struct Report
    {
        qint64 sentAt = 0;
        bool measured = false;
        int seen = 0;
        double slowest = 0;
    };
    std::mutex mutex;
    std::unordered_map<qint64, Report> reports;
    std::vector<double> latencyMs; //!< every (measured report, client)
    std::vector<double> slowestMs; //!< per measured report seen by every client
};

//! utime + stime of process \a pid in seconds.
double processCpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // The command may hold spaces: the fields start after its closing parenthesis.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

//! A keep-alive HTTP connection with at most one request in flight.
struct Connection
{
    QTcpSocket socket;
    QByteArray buffer;
    QByteArray request; //!< the one in flight, sent again on a new connection if this closes
    bool busy = false;
    qint64 sentAt = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    setUp(parser);
    const QCommandLineOption binaryOpt = serverBinaryOption(QStringLiteral(OPS_SERVER_BINARY));
    const QCommandLineOption devicesOpt(
        u"devices"_s, u"Devices (demo drivers)."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption intervalOpt(
        u"interval"_s, u"Each device reports every … ms."_s, u"ms"_s, u"5000"_s);
    const QCommandLineOption clientsOpt = clientsOption(u"20"_s);
    const QCommandLineOption threadsOpt = threadsOption();
    const QCommandLineOption connectionsOpt(
        u"connections"_s, u"Keep-alive connections of the sender."_s, u"n"_s, u"16"_s);
    const QCommandLineOption warmupOpt(
        u"warmup"_s, u"Seconds of reports before measuring."_s, u"s"_s, u"10"_s);
    const QCommandLineOption durationOpt(u"duration"_s, u"Seconds measured."_s, u"s"_s, u"60"_s);
    const QCommandLineOption dbOpt(
        u"db"_s, u"The server's SQLite file (default: a new one in /tmp)."_s, u"file"_s);
    const QCommandLineOption accessLogOpt(u"keep-access-log"_s,
        u"Leave the server's access log on (written to /dev/null); default off."_s);
    parser.addOptions({ binaryOpt, devicesOpt, intervalOpt, clientsOpt, threadsOpt, connectionsOpt,
        warmupOpt, durationOpt, dbOpt, accessLogOpt });
    parser.process(app);
    const int devices = qMax(1, parser.value(devicesOpt).toInt());
    const double intervalMs = qMax(1.0, parser.value(intervalOpt).toDouble());
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const int connectionCount = qMax(1, parser.value(connectionsOpt).toInt());
    const double warmupS = qMax(0.0, parser.value(warmupOpt).toDouble());
    const double durationS = qMax(1.0, parser.value(durationOpt).toDouble());

    // The server.
    QTemporaryDir dir;
    const QString db = parser.isSet(dbOpt) ? parser.value(dbOpt) : dir.filePath(u"gps.sqlite"_s);
    const quint16 osmandPort = freePort();
    QProcess server;
    server.setProgram(parser.value(binaryOpt));
    server.setArguments({ u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--drivers"_s,
        QString::number(devices), u"--orders"_s, u"200"_s, u"--db"_s, db, u"--port"_s, u"0"_s,
        u"--osmand-port"_s, QString::number(osmandPort), u"--position-address-burst"_s, u"100000"_s,
        u"--position-address-interval"_s, u"1"_s });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!parser.isSet(accessLogOpt))
        env.insert(u"QT_LOGGING_RULES"_s, u"ops.server.http.info=false"_s);
    server.setProcessEnvironment(env);
    server.setStandardErrorFile(QProcess::nullDevice());
    server.start();
    QUrl base;
    {
        static const QRegularExpression listening(u"listening on (http://[^\\s]+)"_s);
        QByteArray out;
        while (base.isEmpty() && server.waitForReadyRead(30'000)) {
            out += server.readAll();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch())
                base = QUrl(m.captured(1));
        }
        if (base.isEmpty()) {
            std::fprintf(stderr, "bench_gps: the server did not start: %s\n", out.constData());
            return 1;
        }
    }
    const qint64 serverPid = server.processId();

    // The clients.
    Ledger ledger;
    std::atomic<int> ready { 0 };
    std::atomic<bool> measuring { false };
    std::atomic<qint64> liveLosses { 0 };
    std::vector<std::unique_ptr<StackThreadOf<GpsStack>>> threads;
    for (int t = 0; t < threadCount; ++t)
        threads.push_back(std::make_unique<StackThreadOf<GpsStack>>());
    for (int i = 0; i < clientCount; ++i) {
        threads[std::size_t(i % threadCount)]->add(
            base, u"demo-manager"_s, i, [&](GpsStack &stack) {
                auto *shown = new QHash<int, qint64>(); // driver → fix time shown (ms)
                QObject *ctx = stack.drivers.get();
                QObject::connect(ctx, &QObject::destroyed, [shown] { delete shown; });
                countReadiness(
                    stack.connection, stack.drivers.get(),
                    [&stack, devices] { return stack.drivers->rowCount() >= devices; }, ready,
                    liveLosses);
                QObject::connect(stack.drivers.get(), &QAbstractItemModel::dataChanged, ctx,
                    [&stack, &ledger, &measuring, shown, clientCount](
                        const QModelIndex &tl, const QModelIndex &br) {
                        if (!measuring.load(std::memory_order_relaxed))
                            return;
                        const qint64 t = nowNs();
                        for (int row = tl.row(); row <= br.row(); ++row) {
                            const QJsonObject &d = stack.drivers->rowAt(row);
                            const int driver = d.value("id"_L1).toString().mid(4).toInt();
                            const qint64 fix = QDateTime::fromString(
                                d.value("positionAt"_L1).toString(), Qt::ISODateWithMs)
                                                   .toMSecsSinceEpoch();
                            qint64 &was = (*shown)[driver];
                            if (fix <= was)
                                continue;
                            was = fix;
                            std::lock_guard lock(ledger.mutex);
                            const auto it = ledger.reports.find(reportKey(driver, fix));
                            if (it == ledger.reports.end() || !it->second.measured)
                                continue;
                            const double ms = double(t - it->second.sentAt) / 1e6;
                            ledger.latencyMs.push_back(ms);
                            it->second.slowest = std::max(it->second.slowest, ms);
                            if (++it->second.seen == clientCount)
                                ledger.slowestMs.push_back(it->second.slowest);
                        }
                    });
                stack.connection.open();
            });
    }
    const qint64 tStart = nowNs();
    if (!waitFor([&] { return ready.load() >= clientCount; }, 180'000)) {
        std::fprintf(stderr, "bench_gps: only %d of %d clients Live with every driver\n",
            ready.load(), clientCount);
        return 1;
    }
    const double readyMs = double(nowNs() - tStart) / 1e6;

    // The phones: report n goes to device n % devices, one every interval / devices ms.
    std::vector<std::unique_ptr<Connection>> connections;
    for (int c = 0; c < connectionCount; ++c) {
        connections.push_back(std::make_unique<Connection>());
        connections.back()->socket.connectToHost(QHostAddress::LocalHost, osmandPort);
    }
    if (!waitFor(
            [&] {
                return std::all_of(connections.begin(), connections.end(), [](const auto &c) {
                    return c->socket.state() == QAbstractSocket::ConnectedState;
                });
            },
            10'000)) {
        std::fprintf(stderr, "bench_gps: cannot connect to the OsmAnd port\n");
        return 1;
    }
    std::vector<double> rttMs;
    qint64 sent = 0, answered = 0, failures = 0, queuedMax = 0, reconnects = 0;
    QList<QByteArray> queue; // requests waiting for a free connection, with their keys
    QList<qint64> queueKeys;
    const auto dispatch = [&] {
        for (auto &c : connections) {
            if (queue.isEmpty())
                return;
            if (c->busy)
                continue;
            c->busy = true;
            c->sentAt = nowNs();
            const qint64 key = queueKeys.takeFirst();
            {
                std::lock_guard lock(ledger.mutex);
                Ledger::Report &r = ledger.reports[key];
                r.sentAt = c->sentAt;
                r.measured = measuring.load();
            }
            c->request = queue.takeFirst();
            if (c->socket.state() == QAbstractSocket::ConnectedState)
                c->socket.write(c->request); // else once connected again (below)
            ++sent;
        }
    };
    for (auto &c : connections) {
        Connection *conn = c.get();
        // The server closes a keep-alive connection idle for its --idle-timeout (30 s; the first
        // connections carry most reports, the last ones idle). A request written as it closed
        // is sent again on a new connection, as an HTTP client does with a stale keep-alive one
        // (its latency still counts from the first write).
        QObject::connect(&conn->socket, &QTcpSocket::disconnected, &app, [&, conn] {
            conn->buffer.clear();
            ++reconnects;
            conn->socket.connectToHost(QHostAddress::LocalHost, osmandPort);
        });
        QObject::connect(&conn->socket, &QTcpSocket::connected, &app, [conn] {
            if (conn->busy)
                conn->socket.write(conn->request);
        });
        QObject::connect(&conn->socket, &QTcpSocket::readyRead, &app, [&, conn] {
            conn->buffer += conn->socket.readAll();
            for (;;) {
                const qsizetype head = conn->buffer.indexOf("\r\n\r\n");
                if (head < 0)
                    return;
                static const QRegularExpression length(u"(?i)content-length:\\s*(\\d+)"_s);
                const auto m = length.match(QString::fromLatin1(conn->buffer.left(head)));
                const qsizetype total = head + 4 + (m.hasMatch() ? m.captured(1).toLongLong() : 0);
                if (conn->buffer.size() < total)
                    return;
                if (!conn->buffer.startsWith("HTTP/1.1 200"))
                    ++failures;
                conn->buffer.remove(0, total);
                rttMs.push_back(double(nowNs() - conn->sentAt) / 1e6);
                ++answered;
                conn->busy = false;
                dispatch();
            }
        });
    }
    const double spacingMs = intervalMs / devices;
    const qint64 warmupEnd = nowNs() + qint64(warmupS * 1e9);
    const qint64 tLoad = nowNs();
    qint64 scheduled = 0;
    double cpu0 = 0;
    qint64 measureStart = 0;
    const qint64 totalReports = qint64((warmupS + durationS) * 1000.0 / spacingMs);
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&pacer, &QTimer::timeout, &app, [&] {
        const qint64 now = nowNs();
        if (!measuring.load() && now >= warmupEnd) {
            measuring.store(true);
            cpu0 = processCpuSeconds(serverPid);
            measureStart = now;
        }
        const qint64 due = std::min(totalReports, qint64(double(now - tLoad) / 1e6 / spacingMs));
        const qint64 wallMs = QDateTime::currentMSecsSinceEpoch();
        for (; scheduled < due; ++scheduled) {
            const int device = int(scheduled % devices) + 1;
            // The fix time: a device's reports are an interval apart, so each is its own.
            const qint64 fix = wallMs;
            const QString id = u"DRV-%1"_s.arg(device, 3, 10, QLatin1Char('0'));
            const double lat = 51.45 + double(device % 100) * 0.002 + double(scheduled) * 1e-7;
            queue.append(
                u"GET /?id=demo-%1&timestamp=%2&lat=%3&lon=%4&speed=12.5&bearing=90"
                "&altitude=30&accuracy=8&batt=77 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_s.arg(id)
                    .arg(fix)
                    .arg(lat, 0, 'f', 7)
                    .arg(-0.2 + double(device / 100) * 0.01, 0, 'f', 7)
                    .toLatin1());
            queueKeys.append(reportKey(device, fix));
        }
        queuedMax = std::max<qint64>(queuedMax, queue.size());
        dispatch();
        if (scheduled >= totalReports)
            pacer.stop();
    });
    pacer.start(1);
    waitFor([&] { return scheduled >= totalReports && answered >= sent && queue.isEmpty(); },
        int((warmupS + durationS) * 1000) + 60'000);
    const double measuredS = double(nowNs() - measureStart) / 1e9;
    const double cpu = processCpuSeconds(serverPid) - cpu0;
    // The last reports reach every screen (up to 5 s).
    waitFor(
        [&] {
            std::lock_guard lock(ledger.mutex);
            for (const auto &[key, r] : ledger.reports) {
                if (r.measured && r.seen < clientCount)
                    return false;
            }
            return true;
        },
        5000);
    measuring.store(false);

    qint64 measuredReports = 0, missing = 0;
    std::vector<double> all, slowest;
    {
        std::lock_guard lock(ledger.mutex);
        for (const auto &[key, r] : ledger.reports) {
            if (!r.measured)
                continue;
            ++measuredReports;
            missing += clientCount - r.seen;
        }
        all = ledger.latencyMs;
        slowest = ledger.slowestMs;
    }
    const auto maxOf = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
    };
    printFigure("gps.devices", devices, "devices");
    printFigure("gps.clients", clientCount, "clients");
    printFigure("gps.ready", readyMs, "ms");
    printFigure("gps.reports_per_s", double(measuredReports) / measuredS, "reports/s");
    printFigure("gps.server_cpu", 100.0 * cpu / measuredS, "%core");
    printFigure("gps.per_client_p50", percentile(all, 50), "ms");
    printFigure("gps.per_client_p99", percentile(all, 99), "ms");
    printFigure("gps.per_client_max", maxOf(all), "ms");
    printFigure("gps.all_clients_p50", percentile(slowest, 50), "ms");
    printFigure("gps.all_clients_p99", percentile(slowest, 99), "ms");
    printFigure("gps.all_clients_max", maxOf(slowest), "ms");
    printFigure("gps.http_rtt_p50", percentile(rttMs, 50), "ms");
    printFigure("gps.http_rtt_p99", percentile(rttMs, 99), "ms");
    printFigure("gps.http_failures", double(failures), "requests");
    printFigure("gps.sender_queue_max", double(queuedMax), "requests");
    printFigure("gps.sender_reconnects", double(reconnects), "connections");
    printFigure("gps.missing_updates", double(missing), "updates");
    printFigure("gps.live_losses", double(liveLosses.load()), "events");
    std::printf("{\"devices\":%d,\"clients\":%d,\"reportsPerS\":%.1f,\"serverCpuPercent\":%.1f,"
                "\"p50ms\":%.2f,\"p99ms\":%.2f,\"allP99ms\":%.2f,\"rttP99ms\":%.2f,"
                "\"failures\":%lld,\"missing\":%lld}\n",
        devices, clientCount, double(measuredReports) / measuredS, 100.0 * cpu / measuredS,
        percentile(all, 50), percentile(all, 99), percentile(slowest, 99), percentile(rttMs, 99),
        static_cast<long long>(failures), static_cast<long long>(missing));
    MessageCounter::print();
    std::fflush(stdout);
    // No reconnecting while the server stops and the sockets go.
    for (auto &c : connections) {
        QObject::disconnect(&c->socket, nullptr, nullptr, nullptr);
        c->socket.abort();
    }
    threads.clear();
    server.terminate();
    server.waitForFinished(10'000);
    return 0;
}
