// bench_storm: a server restart under many connected clients.
//
//   bench_storm [--clients 1000] [--threads 2] [--signal TERM|KILL] [--down-ms 0]
//               [--server-binary <opsboard-server>] [--orders 200] [--open-rate 200]
//
// The clients are opened at --open-rate per second (default 200) at the start, which is not
// measured.
//
// Starts the real opsboard-server (--demo --no-sim on a temporary SQLite file, per-address
// connect limit lifted because every client comes from 127.0.0.1), connects --clients real client
// stacks (ApiClient + QueryClient + ConnectionManager + LiveSync + OrdersTableModel, as the app
// wires them) over --threads worker threads, waits until all are Live with their table loaded,
// then stops the server with SIGTERM (what the server does with it today is printed: the close
// code a raw probe client received) or SIGKILL, starts it again on the same port and database
// after --down-ms, and measures:
//   * the time until every client is Live again and caught up (LiveSync::caughtUp after the
//     re-subscription), from the signal and from the new server's "listening" line;
//   * the spread of the reconnections: per-client time to Live (percentiles), the most clients
//     that came back within any 100 ms, the backoff delays the clients scheduled;
//   * REST fetches caused by the restart (query-function calls; with replay from the event log
//     it should be ~0), resyncs and replayed events.
// Prints `BENCH <name> <value> <unit>` lines; never fails on speed.

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include "benchclients.h"

using namespace Qt::StringLiterals;
using namespace OpsBench;

namespace {

struct ClientTrack
{
    qint64 downAt = 0; //!< first non-Live state after the stop
    qint64 liveAt = 0; //!< first Live after the restart
    qint64 caughtUpAt = 0; //!< first caughtUp after the restart
    qint64 replayed = 0; //!< its argument (-1 = resync)
    int attempts = 0; //!< reconnects scheduled after the stop
    double firstDelayMs = -1; //!< the first backoff delay scheduled after the stop
};

QString findServer()
{
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &c :
        { dir + u"/../app/server/opsboard-server"_s, dir + u"/opsboard-server"_s }) {
        if (QFileInfo(c).isExecutable())
            return QFileInfo(c).canonicalFilePath();
    }
    return {};
}

//! Starts the server; returns the port it printed, 0 on failure.
quint16 startServer(QProcess &process, const QString &binary, const QStringList &args)
{
    process.setProgram(binary);
    process.setArguments(args);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"ops.*.info=false"_s); // one line per session otherwise
    process.setProcessEnvironment(env);
    process.start();
    if (!process.waitForStarted(10'000))
        return 0;
    static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)"_s);
    QByteArray out;
    const qint64 until = nowNs() + 30'000'000'000;
    while (nowNs() < until) {
        if (!process.waitForReadyRead(100) && process.state() != QProcess::Running)
            return 0;
        out += process.readAllStandardOutput();
        const auto m = listening.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    setUp(parser);
    const QCommandLineOption clientsOpt = clientsOption(u"1000"_s);
    const QCommandLineOption threadsOpt = threadsOption();
    const QCommandLineOption signalOpt(
        u"signal"_s, u"How the server is stopped: TERM or KILL."_s, u"sig"_s, u"TERM"_s);
    const QCommandLineOption downOpt(
        u"down-ms"_s, u"Pause between exit and restart."_s, u"ms"_s, u"0"_s);
    const QCommandLineOption binaryOpt = serverBinaryOption(findServer());
    const QCommandLineOption ordersOpt(u"orders"_s, u"Demo orders."_s, u"n"_s, u"200"_s);
    const QCommandLineOption openRateOpt(u"open-rate"_s,
        u"Clients opened per second at the start (not measured; default 200)."_s, u"n"_s, u"200"_s);
    parser.addOptions(
        { clientsOpt, threadsOpt, signalOpt, downOpt, binaryOpt, ordersOpt, openRateOpt });
    parser.process(app);
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const double openRate = qMax(1.0, parser.value(openRateOpt).toDouble());
    const bool useKill = parser.value(signalOpt).compare(u"KILL"_s, Qt::CaseInsensitive) == 0;
    const QString binary = parser.value(binaryOpt);
    if (binary.isEmpty()) {
        std::fprintf(stderr, "bench_storm: no opsboard-server; pass --server-binary\n");
        return 2;
    }
    QTemporaryDir dir;
    const QStringList args { u"--demo"_s, u"--no-sim"_s, u"--db"_s, dir.filePath(u"storm.sqlite"_s),
        u"--orders"_s, parser.value(ordersOpt), u"--alert-interval"_s, u"0"_s,
        u"--ws-connect-rate"_s, u"1000000"_s };

    QProcess server;
    const quint16 port = startServer(server, binary, args + QStringList { u"--port"_s, u"0"_s });
    if (port == 0) {
        std::fprintf(stderr, "bench_storm: server did not start\n");
        return 1;
    }
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(port));

    std::mutex mutex;
    std::vector<ClientTrack> track(static_cast<std::size_t>(clientCount));
    std::atomic<bool> stopped { false };
    std::atomic<int> ready { 0 };
    std::atomic<int> caughtUp { 0 };
    std::vector<std::unique_ptr<StackThread>> threads;
    for (int t = 0; t < threadCount; ++t)
        threads.push_back(std::make_unique<StackThread>());
    const qint64 tConnect = nowNs();
    for (int i = 0; i < clientCount; ++i) {
        threads[std::size_t(i % threadCount)]->add(base, u"demo-manager"_s, i, [&](ClientStack &s) {
            const int idx = s.index;
            auto *isReady = new bool(false);
            QObject *ctx = s.orders.get();
            QObject::connect(ctx, &QObject::destroyed, [isReady] { delete isReady; });
            const auto check = [&s, &ready, isReady] {
                if (!*isReady && s.connection.isLive() && s.orders->rowCount() > 0) {
                    *isReady = true;
                    ready.fetch_add(1);
                }
            };
            QObject::connect(&s.connection, &Ops::ConnectionManager::stateChanged, ctx,
                [&, idx, check](Ops::ConnectionManager::State st) {
                    check();
                    if (!stopped.load())
                        return;
                    std::lock_guard lock(mutex);
                    ClientTrack &c = track[std::size_t(idx)];
                    if (st != Ops::ConnectionManager::State::Live && c.downAt == 0)
                        c.downAt = nowNs();
                    if (st == Ops::ConnectionManager::State::Live && c.liveAt == 0)
                        c.liveAt = nowNs();
                });
            QObject::connect(&s.connection, &Ops::ConnectionManager::reconnectScheduled, ctx,
                [&, idx](int, std::chrono::milliseconds delay) {
                    if (!stopped.load())
                        return;
                    std::lock_guard lock(mutex);
                    ClientTrack &c = track[std::size_t(idx)];
                    if (c.attempts++ == 0)
                        c.firstDelayMs = double(delay.count());
                });
            QObject::connect(
                s.sync.get(), &Ops::LiveSync::caughtUp, ctx, [&, idx](qint64 replayed) {
                    if (!stopped.load())
                        return;
                    std::lock_guard lock(mutex);
                    ClientTrack &c = track[std::size_t(idx)];
                    if (c.caughtUpAt == 0) {
                        c.caughtUpAt = nowNs();
                        c.replayed = replayed;
                        caughtUp.fetch_add(1);
                    }
                });
            QObject::connect(s.orders.get(), &QAbstractItemModel::rowsInserted, ctx, check);
            QObject::connect(s.orders.get(), &QAbstractItemModel::modelReset, ctx, check);
            // The initial connections are spread (a fleet of apps does not start in one
            // millisecond); only the restart is measured.
            QTimer::singleShot(std::chrono::milliseconds(qint64(idx * 1000.0 / openRate)), ctx,
                [&s] { s.connection.open(); });
        });
    }
    if (!waitFor([&] { return ready.load() >= clientCount; },
            int(clientCount * 1000.0 / openRate) + 300'000)) {
        // Why: per client not ready, its connection state and the orders query's state.
        QMap<QString, int> why;
        for (auto &t : threads)
            t->run([&] {
                for (const auto &st : t->stacks()) {
                    if (st->connection.isLive() && st->orders->rowCount() > 0)
                        continue;
                    const Ops::QueryState q = st->queries.state(Ops::QueryKeys::orders());
                    const QString key = u"connection %1, query status %2 fetch %3, error '%4'"_s
                                            .arg(int(st->connection.state()))
                                            .arg(int(q.status))
                                            .arg(int(q.fetchStatus))
                                            .arg(q.error.message.left(60));
                    ++why[key];
                }
            });
        std::fprintf(stderr, "bench_storm: only %d of %d clients Live with data\n", ready.load(),
            clientCount);
        for (auto it = why.cbegin(); it != why.cend(); ++it)
            std::fprintf(stderr, "  %d x %s\n", it.value(), qPrintable(it.key()));
        MessageCounter::print();
        server.kill();
        server.waitForFinished();
        return 1;
    }
    const double connectMs = double(nowNs() - tConnect) / 1e6;
    // Let the initial fetches settle before counting.
    waitFor([] { return false; }, 2000);

    // A raw probe session records how the server ends sessions on this signal.
    QWebSocket probe;
    int probeCode = -1;
    QString probeReason;
    bool probeSubscribed = false;
    QObject::connect(&probe, &QWebSocket::connected, &app,
        [&] { probe.sendTextMessage(uR"({"op":"auth","token":"demo-manager"})"_s); });
    QObject::connect(&probe, &QWebSocket::textMessageReceived, &app, [&](const QString &text) {
        if (text.contains(uR"("op":"ready")"_s))
            probe.sendTextMessage(uR"({"channels":["orders"],"op":"subscribe"})"_s);
        else if (text.contains(uR"("op":"subscribed")"_s))
            probeSubscribed = true;
    });
    QObject::connect(&probe, &QWebSocket::disconnected, &app, [&] {
        probeCode = int(probe.closeCode());
        probeReason = probe.closeReason();
    });
    probe.open(socketUrl(base));
    waitFor([&] { return probeSubscribed; }, 10'000);

    qint64 fetches0 = 0;
    for (auto &t : threads)
        t->run([&] {
            for (const auto &s : t->stacks())
                fetches0 += s->fetches.load();
        });

    // Stop.
    stopped.store(true);
    // The exit is awaited in the event loop: the probe lives on this thread, and a blocking
    // wait would leave the server's close frame unanswered until its grace time is over.
    qint64 tExit = 0;
    QObject::connect(&server, &QProcess::finished, &app, [&tExit] { tExit = nowNs(); });
    const qint64 tStop = nowNs();
    ::kill(pid_t(server.processId()), useKill ? SIGKILL : SIGTERM);
    if (!waitFor([&tExit] { return tExit != 0; }, 30'000))
        tExit = nowNs();
    const int exitCode = server.exitStatus() == QProcess::NormalExit ? server.exitCode() : -1;
    waitFor([&] { return probeCode >= 0; }, 2000);
    const int downMs = parser.value(downOpt).toInt();
    if (downMs > 0)
        waitFor([] { return false; }, downMs);

    // Start again on the same port and database.
    QProcess again;
    const qint64 tStart = nowNs();
    const quint16 port2 =
        startServer(again, binary, args + QStringList { u"--port"_s, QString::number(port) });
    const qint64 tListening = nowNs();
    if (port2 != port) {
        std::fprintf(stderr, "bench_storm: the server did not come back on port %u\n", port);
        return 1;
    }
    const bool allBack = waitFor([&] { return caughtUp.load() >= clientCount; }, 180'000);
    const qint64 tAll = nowNs();
    waitFor([] { return false; }, 2000); // trailing fetches
    qint64 fetches1 = 0;
    for (auto &t : threads)
        t->run([&] {
            for (const auto &s : t->stacks())
                fetches1 += s->fetches.load();
        });

    std::vector<double> liveFromStart, caughtFromStop, firstDelay, attempts;
    qint64 resyncs = 0, replayedTotal = 0, notBack = 0;
    std::vector<qint64> liveTimes;
    {
        std::lock_guard lock(mutex);
        for (const ClientTrack &c : track) {
            if (c.caughtUpAt == 0) {
                ++notBack;
                continue;
            }
            if (c.liveAt != 0) {
                liveFromStart.push_back(double(c.liveAt - tListening) / 1e6);
                liveTimes.push_back(c.liveAt);
            }
            caughtFromStop.push_back(double(c.caughtUpAt - tStop) / 1e6);
            if (c.firstDelayMs >= 0)
                firstDelay.push_back(c.firstDelayMs);
            attempts.push_back(c.attempts);
            if (c.replayed < 0)
                ++resyncs;
            else
                replayedTotal += c.replayed;
        }
    }
    std::sort(liveTimes.begin(), liveTimes.end());
    std::size_t maxIn100ms = 0;
    for (std::size_t i = 0, j = 0; i < liveTimes.size(); ++i) {
        while (liveTimes[i] - liveTimes[j] > 100'000'000)
            ++j;
        maxIn100ms = std::max(maxIn100ms, i - j + 1);
    }
    // QWebSocket reports 1000 also when the socket simply dropped (no close frame, e.g. SIGKILL).
    std::printf("BENCH storm.shutdown %s (server exit code %d; probe close code %d \"%s\"%s)\n",
        useKill ? "SIGKILL" : "SIGTERM", exitCode, probeCode, qPrintable(probeReason),
        probeCode == 1000 && probeReason.isEmpty() ? ", i.e. no close frame" : "");
    printFigure("storm.clients", clientCount, "clients");
    printFigure("storm.threads", threadCount, "threads");
    printFigure("storm.initial_connect_all_live", connectMs, "ms");
    printFigure("storm.signal_to_exit", double(tExit - tStop) / 1e6, "ms");
    printFigure("storm.restart_to_listening", double(tListening - tStart) / 1e6, "ms");
    printFigure("storm.signal_to_listening", double(tListening - tStop) / 1e6, "ms");
    printFigure("storm.all_caught_up_from_signal", double(tAll - tStop) / 1e6, "ms");
    printFigure("storm.all_caught_up_from_listening", double(tAll - tListening) / 1e6, "ms");
    printFigure("storm.not_back", double(notBack), "clients");
    printFigure("storm.live_after_listening_p10", percentile(liveFromStart, 10), "ms");
    printFigure("storm.live_after_listening_p50", percentile(liveFromStart, 50), "ms");
    printFigure("storm.live_after_listening_p90", percentile(liveFromStart, 90), "ms");
    printFigure("storm.live_after_listening_max", percentile(liveFromStart, 100), "ms");
    printFigure("storm.max_reconnects_in_100ms", double(maxIn100ms), "clients");
    printFigure("storm.first_backoff_delay_min", percentile(firstDelay, 0), "ms");
    printFigure("storm.first_backoff_delay_p50", percentile(firstDelay, 50), "ms");
    printFigure("storm.first_backoff_delay_max", percentile(firstDelay, 100), "ms");
    printFigure("storm.reconnects_scheduled_p50", percentile(attempts, 50), "per client");
    printFigure("storm.reconnects_scheduled_max", percentile(attempts, 100), "per client");
    printFigure("storm.rest_fetches_caused", double(fetches1 - fetches0), "fetches");
    printFigure("storm.resyncs", double(resyncs), "clients");
    printFigure("storm.replayed_events", double(replayedTotal), "events");
    MessageCounter::print();
    std::fflush(stdout);
    (void)allBack;
    threads.clear();
    ::kill(pid_t(again.processId()), SIGTERM);
    again.waitForFinished(10'000);
    return 0;
}
