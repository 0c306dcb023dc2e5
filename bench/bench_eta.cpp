// bench_eta: ETA upkeep under position reports — the server's CPU, and the time from a position
// report to the ETA it moves showing in every client's orders table.
//
//   bench_eta [--drivers 500] [--orders-per-driver 10] [--rate 100] [--warmup 60]
//             [--duration 60] [--clients 5] [--threads 2] [--jitter 0] [--throttle 2000]
//             [--no-eta] [--db FILE] [--server PATH]
//
// Starts bench_eta_server (the real OpsServer with the ETA engine on a SQLite file; --db puts
// it somewhere else than a temporary directory) with --drivers × --orders-per-driver open orders,
// waits until every order has its first ETA, then starts --clients real client stacks (ApiClient
// + QueryClient + ConnectionManager + LiveSync + OrdersTableModel on ["orders"], as
// bench/bench_e2e.cpp and app/dashboard wire them) over --threads worker threads. When all are
// Live with every order loaded, the server feeds --rate position reports per second through the
// live write path (round robin over the drivers, so each reports every drivers ÷ rate seconds;
// the motion is in bench_eta_server.cpp): first for --warmup seconds, not measured (the ETAs of
// the first sweep drift apart as they would over a day: an ETA is written once it moved a
// minute), then for --duration seconds, measured.
//
// Figures:
// - server CPU: user + system time of the server process over the feed ÷ its wall time (100 % =
//   one core). It includes taking the reports in and fanning them out; run once more with
//   --no-eta for that baseline: the difference is the ETA upkeep.
// - position → ETA on screen: per (client, ETA change its model showed), the time from the
//   latest position report of that order's driver before it to the model's dataChanged with the
//   new etaAt (steady_clock, the same clock in both processes). p50, p99, max.
// - of that, the server's part: from the report to the ETA's event reaching the hub (after the
//   commit), per ETA write.
// - ETA writes/s, recomputes, ETAs computed and not written (moved less than a minute).
// - the load average before and after (the machine is shared: quote it with the figures).
//
// Prints `BENCH <name> <value> <unit>` lines and one JSON line; never fails on speed.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QProcess>

#include "benchclients.h"

using namespace Qt::StringLiterals;
using namespace OpsBench;

namespace {

QByteArray loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return "?";
    const QList<QByteArray> parts = file.readAll().split(' ');
    return parts.mid(0, 3).join(' ');
}

//! \brief An ETA change one client's table showed.
struct Sighting
{
    std::string driver;
    qint64 seenNs = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    setUp(parser);
    const QCommandLineOption driversOpt(u"drivers"_s, u"Drivers."_s, u"n"_s, u"500"_s);
    const QCommandLineOption perDriverOpt(
        u"orders-per-driver"_s, u"Open orders per driver."_s, u"n"_s, u"10"_s);
    const QCommandLineOption rateOpt(
        u"rate"_s, u"Position reports per second."_s, u"n"_s, u"100"_s);
    const QCommandLineOption warmupOpt(
        u"warmup"_s, u"Seconds of reports before measuring."_s, u"s"_s, u"60"_s);
    const QCommandLineOption durationOpt(
        u"duration"_s, u"Seconds of measured reports."_s, u"s"_s, u"60"_s);
    const QCommandLineOption clientsOpt = clientsOption(u"5"_s);
    const QCommandLineOption threadsOpt = threadsOption();
    const QCommandLineOption jitterOpt(u"jitter"_s, u"GPS noise per report, m."_s, u"m"_s, u"0"_s);
    const QCommandLineOption throttleOpt(
        u"throttle"_s, u"ETA throttle per driver, ms."_s, u"ms"_s, u"2000"_s);
    const QCommandLineOption noEtaOpt(u"no-eta"_s, u"Baseline: the server without ETAs."_s);
    const QCommandLineOption dbOpt(u"db"_s, u"The server's SQLite file."_s, u"file"_s);
    const QCommandLineOption serverOpt(u"server"_s, u"bench_eta_server binary."_s, u"path"_s,
        QString::fromUtf8(OPS_ETA_SERVER_BINARY));
    parser.addOptions({ driversOpt, perDriverOpt, rateOpt, warmupOpt, durationOpt, clientsOpt,
        threadsOpt, jitterOpt, throttleOpt, noEtaOpt, dbOpt, serverOpt });
    parser.process(app);
    const int drivers = qMax(1, parser.value(driversOpt).toInt());
    const int perDriver = qMax(1, parser.value(perDriverOpt).toInt());
    const double rate = qMax(1.0, parser.value(rateOpt).toDouble());
    const double duration = qMax(1.0, parser.value(durationOpt).toDouble());
    const double warmup = qMax(0.0, parser.value(warmupOpt).toDouble());
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const bool eta = !parser.isSet(noEtaOpt);
    const QByteArray loadBefore = loadAverage();

    // The server, and what it says.
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList serverArgs { u"--drivers"_s, QString::number(drivers), u"--orders-per-driver"_s,
        QString::number(perDriver), u"--throttle"_s, parser.value(throttleOpt) };
    if (!eta)
        serverArgs.append(u"--no-eta"_s);
    if (parser.isSet(dbOpt))
        serverArgs += { u"--db"_s, parser.value(dbOpt) };
    std::mutex posMutex;
    std::unordered_map<std::string, std::vector<qint64>> reports; // driver → report times
    std::vector<std::pair<std::string, qint64>> committed; // ETA events at the hub
    quint16 port = 0;
    QList<QByteArray> fed;
    QList<QByteArray> stats;
    std::atomic<qint64> measureFromNs { std::numeric_limits<qint64>::max() };
    QByteArray buffer;
    QObject::connect(&server, &QProcess::readyReadStandardOutput, &app, [&] {
        buffer += server.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QList<QByteArray> line = buffer.left(nl).split(' ');
            buffer.remove(0, nl + 1);
            if (line.value(0) == "POS" && line.size() == 3) {
                std::lock_guard lock(posMutex);
                reports[line.at(1).toStdString()].push_back(line.at(2).toLongLong());
            } else if (line.value(0) == "ETA" && line.size() == 3) {
                committed.push_back({ line.at(1).toStdString(), line.at(2).toLongLong() });
            } else if (line.value(0) == "READY") {
                port = quint16(line.value(1).toUInt());
            } else if (line.value(0) == "MEASURE") {
                measureFromNs = line.value(1).toLongLong();
            } else if (line.value(0) == "FED") {
                fed = line;
            } else if (line.value(0) == "STATS") {
                stats = line;
            }
        }
    });
    const qint64 tSetup = nowNs();
    server.start(parser.value(serverOpt), serverArgs);
    if (!waitFor([&] { return port != 0; }, 300'000)) {
        std::fprintf(stderr, "bench_eta: the server did not get ready\n");
        return 1;
    }
    const double setupS = double(nowNs() - tSetup) / 1e9;
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(port));

    // The clients, each recording the ETA changes its table shows.
    const qsizetype orderCount = qsizetype(drivers) * perDriver;
    std::mutex seenMutex;
    std::vector<Sighting> sightings;
    std::atomic<int> ready { 0 };
    std::atomic<bool> measuring { false };
    std::vector<std::unique_ptr<StackThread>> threads;
    for (int t = 0; t < threadCount; ++t)
        threads.push_back(std::make_unique<StackThread>());
    for (int i = 0; i < clientCount; ++i) {
        threads[std::size_t(i % threadCount)]->add(
            base, u"demo-manager"_s, i, [&, orderCount](ClientStack &stack) {
                auto *isReady = new bool(false);
                auto *shown = new QHash<QString, QDateTime>(); // order → ETA shown
                QObject *ctx = stack.orders.get();
                QObject::connect(ctx, &QObject::destroyed, [isReady, shown] {
                    delete isReady;
                    delete shown;
                });
                const auto check = [&stack, &ready, isReady, shown, orderCount] {
                    if (*isReady || !stack.connection.isLive()
                        || stack.orders->rowCount() < orderCount)
                        return;
                    *isReady = true;
                    for (const Ops::Order &o : stack.orders->orders())
                        shown->insert(o.id, o.etaAt);
                    ready.fetch_add(1);
                };
                QObject::connect(
                    &stack.connection, &Ops::ConnectionManager::stateChanged, ctx, check);
                QObject::connect(stack.orders.get(), &QAbstractItemModel::rowsInserted, ctx, check);
                QObject::connect(stack.orders.get(), &QAbstractItemModel::modelReset, ctx, check);
                QObject::connect(stack.orders.get(), &QAbstractItemModel::dataChanged, ctx,
                    [&stack, &seenMutex, &sightings, &measuring, isReady, shown](
                        const QModelIndex &tl, const QModelIndex &br) {
                        if (!*isReady)
                            return;
                        const qint64 t = nowNs();
                        for (int row = tl.row(); row <= br.row(); ++row) {
                            const Ops::Order &o = stack.orders->orders().at(row);
                            QDateTime &was = (*shown)[o.id];
                            if (was == o.etaAt)
                                continue;
                            was = o.etaAt;
                            if (!measuring.load())
                                continue;
                            std::lock_guard lock(seenMutex);
                            sightings.push_back({ o.driverId.toStdString(), t });
                        }
                    });
                stack.connection.open();
            });
    }
    if (!waitFor([&] { return ready.load() >= clientCount; }, 300'000)) {
        std::fprintf(stderr, "bench_eta: only %d of %d clients Live with all %lld orders\n",
            ready.load(), clientCount, static_cast<long long>(orderCount));
        return 1;
    }

    measuring = true;
    server.write("run " + QByteArray::number(rate) + ' ' + QByteArray::number(warmup) + ' '
        + QByteArray::number(duration) + ' ' + parser.value(jitterOpt).toLatin1() + '\n');
    waitFor([&] { return measureFromNs.load() != std::numeric_limits<qint64>::max(); },
        int(warmup * 1000) + 60'000);
    server.write("stats\n");
    waitFor([&] { return !stats.isEmpty(); }, 10'000);
    const QList<QByteArray> before = std::exchange(stats, {});
    waitFor([&] { return !fed.isEmpty(); }, int(duration * 1000) + 60'000);
    // Let the last changes arrive (reports are seconds apart, so a few seconds cover them).
    waitFor([] { return false; }, 3000);
    measuring = false;
    server.write("stats\n");
    waitFor([&] { return !stats.isEmpty(); }, 10'000);
    const QByteArray loadAfter = loadAverage();
    server.write("quit\n");
    server.waitForFinished(10'000);

    // Each sighting against the last report of that order's driver before it.
    std::vector<double> latencyMs;
    std::vector<double> serverMs;
    qint64 unmatched = 0;
    {
        std::lock_guard lock(posMutex);
        for (auto &[driver, times] : reports)
            std::sort(times.begin(), times.end());
        for (const auto &[driver, at] : committed) {
            const auto it = reports.find(driver);
            if (at < measureFromNs.load() || it == reports.end())
                continue;
            const auto after = std::upper_bound(it->second.begin(), it->second.end(), at);
            if (after != it->second.begin())
                serverMs.push_back(double(at - *(after - 1)) / 1e6);
        }
        std::lock_guard seenLock(seenMutex);
        for (const Sighting &s : sightings) {
            if (s.seenNs < measureFromNs.load())
                continue; // warm-up
            const auto it = reports.find(s.driver);
            if (it == reports.end()) {
                ++unmatched;
                continue;
            }
            const auto after = std::upper_bound(it->second.begin(), it->second.end(), s.seenNs);
            if (after == it->second.begin()) {
                ++unmatched;
                continue;
            }
            latencyMs.push_back(double(s.seenNs - *(after - 1)) / 1e6);
        }
    }
    const qint64 reportsSent = fed.value(1).toLongLong();
    const double cpuS = fed.value(2).toDouble();
    const double wallS = qMax(0.001, fed.value(3).toDouble());
    const qint64 written = stats.value(2).toLongLong() - before.value(2).toLongLong();
    const qint64 recomputes = stats.value(1).toLongLong() - before.value(1).toLongLong();
    const qint64 unchanged = stats.value(3).toLongLong() - before.value(3).toLongLong();
    const double maxMs =
        latencyMs.empty() ? 0 : *std::max_element(latencyMs.begin(), latencyMs.end());
    printFigure("eta.drivers", drivers, "drivers");
    printFigure("eta.open_orders", double(orderCount), "orders");
    printFigure("eta.clients", clientCount, "clients");
    printFigure("eta.setup", setupS, "s");
    printFigure("eta.position_reports_per_s", double(reportsSent) / wallS, "reports/s");
    printFigure("eta.server_cpu", 100.0 * cpuS / wallS, "%core");
    printFigure("eta.recomputes_per_s", double(recomputes) / wallS, "drivers/s");
    printFigure("eta.writes_per_s", double(written) / wallS, "orders/s");
    printFigure("eta.unchanged_per_s", double(unchanged) / wallS, "orders/s");
    printFigure("eta.on_screen_p50", percentile(latencyMs, 50), "ms");
    printFigure("eta.on_screen_p99", percentile(latencyMs, 99), "ms");
    printFigure("eta.on_screen_max", maxMs, "ms");
    printFigure("eta.server_part_p50", percentile(serverMs, 50), "ms");
    printFigure("eta.server_part_p99", percentile(serverMs, 99), "ms");
    printFigure("eta.sightings", double(latencyMs.size()), "changes");
    printFigure("eta.unmatched", double(unmatched), "changes");
    std::printf("LOAD before %s after %s\n", loadBefore.constData(), loadAfter.constData());
    std::printf("{\"eta\":%s,\"drivers\":%d,\"orders\":%lld,\"clients\":%d,\"rate\":%.1f,"
                "\"reportsPerS\":%.1f,\"cpuPercent\":%.1f,\"writesPerS\":%.1f,\"p50ms\":%.2f,"
                "\"p99ms\":%.2f,\"maxms\":%.2f,\"serverP50ms\":%.2f,\"serverP99ms\":%.2f,"
                "\"sightings\":%zu,\"load\":\"%s / %s\"}\n",
        eta ? "true" : "false", drivers, static_cast<long long>(orderCount), clientCount, rate,
        double(reportsSent) / wallS, 100.0 * cpuS / wallS, double(written) / wallS,
        percentile(latencyMs, 50), percentile(latencyMs, 99), maxMs, percentile(serverMs, 50),
        percentile(serverMs, 99), latencyMs.size(), loadBefore.constData(), loadAfter.constData());
    MessageCounter::print();
    std::fflush(stdout);
    threads.clear();
    return 0;
}
