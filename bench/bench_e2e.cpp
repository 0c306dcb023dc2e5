// bench_e2e: a REST write committed → every connected client's OrdersTableModel updated.
//
//   bench_e2e --server <url> [--server <url> …] [--clients 100] [--threads 2] [--rate 10]
//             [--duration 30] [--targets 20] [--token demo-manager]
//
// Starts --clients real client stacks (ApiClient + QueryClient + ConnectionManager + LiveSync +
// OrdersTableModel on ["orders"], as app/dashboard wires them) spread over --threads worker
// threads (one event loop each), client i on server i % (number of --server). When every client
// is Live with its table loaded, the main thread sends PATCH /api/orders/<id> with If-Match at
// --rate per second for --duration seconds (status new <-> assigned over --targets orders), write
// w to server w % (number of --server): with two servers over one database a write on one
// instance must reach the clients of the other.
//
// Per (write, client): the time from just before the PATCH was sent until that client's model
// emitted dataChanged for the written row at the new version or a later one (a refetch that
// shows two writes of one row at once completes both) (so it includes the request, the
// commit, the fan-out, the event, the client's refetch and the model diff). Also per write the
// slowest client ("every client updated"), and the PATCH round trip. Clocks: steady_clock, one
// process. Prints `BENCH <name> <value> <unit>` lines and one JSON line; never fails on speed.

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <unordered_map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include "benchclients.h"

using namespace Qt::StringLiterals;
using namespace OpsBench;

namespace {

struct Target
{
    QString id;
    QString status;
    qint64 version = 0;
    bool inFlight = false;
};

//! Writes in flight, shared by the writer (main thread) and the clients (worker threads).
struct Ledger
{
    std::mutex mutex;
    //! per order id: new version → write index
    std::unordered_map<std::string, std::map<qint64, int>> writeOf;
    std::vector<qint64> sentAt; //!< per write
    std::vector<std::vector<double>> latencyMs; //!< per write, one entry per client that saw it
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    setUp(parser);
    const QCommandLineOption serverOpt(u"server"_s, u"Server base URL (repeatable)."_s, u"url"_s);
    const QCommandLineOption clientsOpt = clientsOption(u"100"_s);
    const QCommandLineOption threadsOpt = threadsOption();
    const QCommandLineOption rateOpt(u"rate"_s, u"Writes per second."_s, u"n"_s, u"10"_s);
    const QCommandLineOption durationOpt(u"duration"_s, u"Seconds of writes."_s, u"s"_s, u"30"_s);
    const QCommandLineOption targetsOpt(u"targets"_s, u"Orders written."_s, u"n"_s, u"20"_s);
    const QCommandLineOption tokenOpt(u"token"_s, u"Token."_s, u"t"_s, u"demo-manager"_s);
    parser.addOptions(
        { serverOpt, clientsOpt, threadsOpt, rateOpt, durationOpt, targetsOpt, tokenOpt });
    parser.process(app);
    QList<QUrl> servers;
    for (const QString &s : parser.values(serverOpt))
        servers.append(QUrl(s));
    if (servers.isEmpty()) {
        std::fprintf(stderr, "bench_e2e: give at least one --server <url>\n");
        return 2;
    }
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const double rate = qMax(0.1, parser.value(rateOpt).toDouble());
    const double duration = qMax(1.0, parser.value(durationOpt).toDouble());
    const QString token = parser.value(tokenOpt);

    Ledger ledger;
    std::atomic<int> ready { 0 };
    std::atomic<qint64> liveLosses { 0 };
    std::vector<std::unique_ptr<StackThread>> threads;
    for (int t = 0; t < threadCount; ++t)
        threads.push_back(std::make_unique<StackThread>());

    const qint64 tStart = nowNs();
    for (int i = 0; i < clientCount; ++i) {
        StackThread &thread = *threads[std::size_t(i % threadCount)];
        thread.add(servers.at(i % servers.size()), token, i, [&](ClientStack &stack) {
            // per order id: the highest version this client's model has shown
            auto *seen = new QHash<QString, qint64>();
            QObject *ctx = stack.orders.get();
            QObject::connect(ctx, &QObject::destroyed, [seen] { delete seen; });
            countReadiness(
                stack.connection, stack.orders.get(),
                [&stack] { return stack.orders->rowCount() > 0; }, ready, liveLosses);
            QObject::connect(stack.orders.get(), &QAbstractItemModel::dataChanged, ctx,
                [&stack, &ledger, seen](const QModelIndex &tl, const QModelIndex &br) {
                    const qint64 t = nowNs();
                    for (int row = tl.row(); row <= br.row(); ++row) {
                        const Ops::Order &o = stack.orders->orders().at(row);
                        qint64 &shown = (*seen)[o.id];
                        if (o.version <= shown)
                            continue;
                        std::lock_guard lock(ledger.mutex);
                        const auto it = ledger.writeOf.find(o.id.toStdString());
                        if (it != ledger.writeOf.end()) {
                            // Every write up to this version is now visible to this client
                            // (one refetch may show two writes of one row at once).
                            for (auto v = it->second.upper_bound(shown);
                                 v != it->second.end() && v->first <= o.version; ++v) {
                                const auto w = std::size_t(v->second);
                                ledger.latencyMs[w].push_back(double(t - ledger.sentAt[w]) / 1e6);
                            }
                        }
                        shown = o.version;
                    }
                });
            stack.connection.open();
        });
    }
    if (!waitFor([&] { return ready.load() >= clientCount; }, 120'000)) {
        std::fprintf(stderr, "bench_e2e: only %d of %d clients Live with data after 120 s\n",
            ready.load(), clientCount);
        return 1;
    }
    const double readyMs = double(nowNs() - tStart) / 1e6;

    // The writer.
    QNetworkAccessManager nam;
    const auto request = [&](const QUrl &base, const QString &path) {
        QUrl url = base;
        url.setPath(path);
        QNetworkRequest r(url);
        r.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        return r;
    };
    QList<Target> targets;
    {
        QNetworkReply *reply = nam.get(request(servers.first(), u"/api/orders"_s));
        waitFor([reply] { return reply->isFinished(); }, 30'000);
        const QJsonArray list = QJsonDocument::fromJson(reply->readAll()).array();
        reply->deleteLater();
        const int wanted = qMax(1, parser.value(targetsOpt).toInt());
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            const QString status = o.value("status"_L1).toString();
            if (status == "new"_L1 || status == "assigned"_L1)
                targets.append({ o.value("id"_L1).toString(), status,
                    o.value("version"_L1).toInteger(), false });
            if (targets.size() >= wanted)
                break;
        }
    }
    if (targets.isEmpty()) {
        std::fprintf(stderr, "bench_e2e: no order in status new or assigned\n");
        return 1;
    }

    const int writes = int(rate * duration);
    ledger.sentAt.assign(std::size_t(writes), 0);
    ledger.latencyMs.assign(std::size_t(writes), {});
    std::vector<double> rttMs;
    int sent = 0, finished = 0, conflicts = 0, failures = 0, skipped = 0;
    qint64 fetches0 = 0;
    for (auto &t : threads)
        t->run([&] {
            for (const auto &s : t->stacks())
                fetches0 += s->fetches.load();
        });
    QTimer writer;
    writer.setTimerType(Qt::PreciseTimer);
    const qint64 tWrites = nowNs();
    int tick = 0;
    QObject::connect(&writer, &QTimer::timeout, &app, [&] {
        const int w = tick++;
        if (w >= writes) {
            writer.stop();
            return;
        }
        Target &target = targets[w % targets.size()];
        if (target.inFlight) {
            ++skipped;
            ++finished;
            return;
        }
        const QString to = target.status == "new"_L1 ? u"assigned"_s : u"new"_s;
        QNetworkRequest r = request(servers.at(w % servers.size()), u"/api/orders/"_s + target.id);
        r.setRawHeader("If-Match", '"' + QByteArray::number(target.version) + '"');
        const QByteArray body =
            QJsonDocument(QJsonObject { { "status"_L1, to } }).toJson(QJsonDocument::Compact);
        target.inFlight = true;
        {
            std::lock_guard lock(ledger.mutex);
            ledger.writeOf[target.id.toStdString()][target.version + 1] = w;
            ledger.sentAt[std::size_t(w)] = nowNs();
        }
        QNetworkReply *reply = nam.sendCustomRequest(r, "PATCH", body);
        ++sent;
        const qint64 t0 = ledger.sentAt[std::size_t(w)];
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply, t0, &target = target] {
            rttMs.push_back(double(nowNs() - t0) / 1e6);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            const QJsonObject row = status == 409 ? o.value("current"_L1).toObject() : o;
            if (status == 409)
                ++conflicts;
            else if (status != 200)
                ++failures;
            if (!row.isEmpty()) {
                target.version = row.value("version"_L1).toInteger();
                target.status = row.value("status"_L1).toString();
            }
            target.inFlight = false;
            ++finished;
            reply->deleteLater();
        });
    });
    writer.start(int(1000.0 / rate));
    waitFor([&] { return tick >= writes && finished >= writes; }, int(duration * 1000) + 60'000);
    const double writeSpanS = double(nowNs() - tWrites) / 1e9;
    // Let the last writes arrive everywhere (up to 10 s).
    waitFor(
        [&] {
            std::lock_guard lock(ledger.mutex);
            for (int w = 0; w < writes; ++w) {
                if (ledger.sentAt[std::size_t(w)] != 0
                    && ledger.latencyMs[std::size_t(w)].size() < std::size_t(clientCount))
                    return false;
            }
            return true;
        },
        10'000);
    qint64 fetches1 = 0;
    for (auto &t : threads)
        t->run([&] {
            for (const auto &s : t->stacks())
                fetches1 += s->fetches.load();
        });

    std::vector<double> all, slowest;
    qint64 missing = 0;
    {
        std::lock_guard lock(ledger.mutex);
        for (int w = 0; w < writes; ++w) {
            const auto &l = ledger.latencyMs[std::size_t(w)];
            if (ledger.sentAt[std::size_t(w)] == 0)
                continue;
            all.insert(all.end(), l.begin(), l.end());
            missing += qint64(clientCount) - qint64(l.size());
            if (l.size() == std::size_t(clientCount))
                slowest.push_back(*std::max_element(l.begin(), l.end()));
        }
    }
    const double maxAll = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    const double maxSlowest =
        slowest.empty() ? 0 : *std::max_element(slowest.begin(), slowest.end());
    printFigure("e2e.clients", clientCount, "clients");
    printFigure("e2e.servers", double(servers.size()), "servers");
    printFigure("e2e.threads", threadCount, "threads");
    printFigure("e2e.ready", readyMs, "ms");
    printFigure("e2e.writes_sent", sent, "writes");
    printFigure("e2e.writes_conflict", conflicts, "writes");
    printFigure("e2e.writes_failed", failures, "writes");
    printFigure("e2e.writes_skipped_in_flight", skipped, "writes");
    printFigure("e2e.write_span", writeSpanS, "s");
    printFigure("e2e.per_client_p50", percentile(all, 50), "ms");
    printFigure("e2e.per_client_p99", percentile(all, 99), "ms");
    printFigure("e2e.per_client_max", maxAll, "ms");
    printFigure("e2e.all_clients_p50", percentile(slowest, 50), "ms");
    printFigure("e2e.all_clients_p99", percentile(slowest, 99), "ms");
    printFigure("e2e.all_clients_max", maxSlowest, "ms");
    printFigure("e2e.patch_rtt_p50", percentile(rttMs, 50), "ms");
    printFigure("e2e.patch_rtt_p99", percentile(rttMs, 99), "ms");
    printFigure("e2e.missing_updates", double(missing), "updates");
    printFigure("e2e.rest_fetches_per_write_per_client",
        sent > 0 ? double(fetches1 - fetches0) / double(sent) / clientCount : 0, "fetches");
    printFigure("e2e.live_losses", double(liveLosses.load()), "events");
    std::printf("{\"clients\":%d,\"servers\":%lld,\"threads\":%d,\"rate\":%.1f,\"writes\":%d,"
                "\"p50ms\":%.2f,\"p99ms\":%.2f,\"maxms\":%.2f,\"allP50ms\":%.2f,"
                "\"allP99ms\":%.2f,\"allMaxms\":%.2f,\"rttP50ms\":%.2f,\"missing\":%lld}\n",
        clientCount, static_cast<long long>(servers.size()), threadCount, rate, sent,
        percentile(all, 50), percentile(all, 99), maxAll, percentile(slowest, 50),
        percentile(slowest, 99), maxSlowest, percentile(rttMs, 50),
        static_cast<long long>(missing));
    MessageCounter::print();
    std::fflush(stdout);
    threads.clear();
    return 0;
}
