// bench_import: 10,000 orders imported from CSV — the time to commit, and the time until every
// connected client's orders table shows them.
//
//   bench_import [--clients 100] [--threads 2] [--rows 10000] [--orders 1000] [--runs 5]
//                [--server-binary <path>]
//
// Each run starts a fresh opsboard-server (--demo --no-sim, --orders seeded orders, SQLite in a
// temporary directory), connects --clients real client stacks (ApiClient + QueryClient +
// ConnectionManager + LiveSync + OrdersTableModel on ["orders"], as app/dashboard wires them;
// benchclients.h) over --threads worker threads as demo-manager (every region), waits until every
// table shows the seeded orders and is Live, then POSTs one CSV file of --rows new orders to
// /api/orders/import.
//
// commit: from just before the POST until its answer (upload, parse, every row checked, one
// write transaction, the answer): the import is committed when the answer arrives.
// on screen: per client, from that answer until its OrdersTableModel holds every new row.
// fetches: per client, list fetches after the POST, split into full-list fetches (no cached
// list to send a delta for) and delta reads (`?since=`).
// Prints `BENCH <name> <value> <unit>` per run and the medians over runs; never fails on speed.

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "benchclients.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;
using namespace OpsBench;

namespace {

const QStringList kRegions { u"north"_s, u"east"_s, u"south"_s, u"west"_s };

QByteArray csvOf(int rows, int run)
{
    QByteArray out = "externalRef,customer,contactName,contactPhone,pickup,dropoff,lat,lon,"
                     "windowStart,dueAt,region,amount,notes\n";
    out.reserve(rows * 200);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < rows; ++i) {
        const QDateTime due = base.addSecs(3600 + (i % 480) * 60);
        out += u"BENCH-%1-%2,Customer %3,Contact %3,+44 20 7946 %4,\"Depot %5, Dock 2\","
               "\"%6 Market Sq, Flat %7\",51.%8,-0.%9,%10,%11,%12,%13.%14,Leave at reception\n"_s
                   .arg(run)
                   .arg(i)
                   .arg(i % 997)
                   .arg(1000 + i % 9000)
                   .arg(i % 4)
                   .arg(i % 300)
                   .arg(i % 40)
                   .arg(5000 + i % 4000)
                   .arg(1000 + i % 8000)
                   .arg(due.addSecs(-3600).toString(Qt::ISODate), due.toString(Qt::ISODate),
                       kRegions.at(i % 4))
                   .arg(5 + i % 90)
                   .arg(i % 100, 2, 10, QLatin1Char('0'))
                   .toUtf8();
    }
    return out;
}

double median(std::vector<double> v)
{
    return percentile(std::move(v), 50);
}

struct RunResult
{
    double commitMs = 0;
    double screenP50Ms = 0;
    double screenP99Ms = 0;
    double screenMaxMs = 0;
    double maxFullFetches = 0;
    double maxDeltaFetches = 0;
    double meanFetches = 0;
    int missing = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"ops.*.info=false\nops.*.debug=false"_s);
    MessageCounter::install();
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption clientsOpt(u"clients"_s, u"Clients."_s, u"n"_s, u"100"_s);
    const QCommandLineOption threadsOpt(u"threads"_s, u"Client threads."_s, u"n"_s, u"2"_s);
    const QCommandLineOption rowsOpt(u"rows"_s, u"Orders in the file."_s, u"n"_s, u"10000"_s);
    const QCommandLineOption ordersOpt(u"orders"_s, u"Orders seeded first."_s, u"n"_s, u"1000"_s);
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs (fresh server each)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption binaryOpt(u"server-binary"_s, u"opsboard-server to run."_s, u"path"_s,
        QStringLiteral(OPS_SERVER_BINARY));
    parser.addOptions({ clientsOpt, threadsOpt, rowsOpt, ordersOpt, runsOpt, binaryOpt });
    parser.process(app);
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const int rows = qMax(1, parser.value(rowsOpt).toInt());
    const int seeded = qMax(1, parser.value(ordersOpt).toInt());
    const int runs = qMax(1, parser.value(runsOpt).toInt());
    const auto bench = [](const QString &name, double value, const char *unit) {
        std::printf("BENCH %s %.3f %s\n", qPrintable(name), value, unit);
        std::fflush(stdout);
    };

    std::vector<RunResult> results;
    for (int run = 1; run <= runs; ++run) {
        ServerProcess server(parser.value(binaryOpt));
        if (!server.start(0,
                { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s,
                    QString::number(seeded), u"--seed"_s, QString::number(run) })) {
            std::fprintf(stderr, "bench_import: %s\n", qPrintable(server.errorString()));
            return 1;
        }
        const QByteArray csv = csvOf(rows, run);
        std::atomic<int> ready { 0 };
        std::atomic<int> done { 0 };
        std::atomic<int> target { seeded };
        std::vector<std::atomic<qint64>> doneAt(static_cast<std::size_t>(clientCount));
        std::vector<std::unique_ptr<StackThread>> threads;
        for (int t = 0; t < threadCount; ++t)
            threads.push_back(std::make_unique<StackThread>());
        for (int i = 0; i < clientCount; ++i) {
            StackThread &thread = *threads[std::size_t(i % threadCount)];
            thread.add(server.baseUrl(), u"demo-manager"_s, i, [&, i](ClientStack &stack) {
                auto *isReady = new bool(false);
                QObject *ctx = stack.orders.get();
                QObject::connect(ctx, &QObject::destroyed, [isReady] { delete isReady; });
                const auto check = [&stack, &ready, &done, &target, &doneAt, isReady, i, seeded] {
                    const int shown = stack.orders->rowCount();
                    if (!*isReady && stack.connection.isLive() && shown >= seeded) {
                        *isReady = true;
                        ready.fetch_add(1);
                    }
                    if (*isReady && target.load() > seeded && shown >= target.load()
                        && doneAt[std::size_t(i)].load() == 0) {
                        doneAt[std::size_t(i)].store(nowNs());
                        done.fetch_add(1);
                    }
                };
                QObject::connect(
                    &stack.connection, &Ops::ConnectionManager::stateChanged, ctx, check);
                QObject::connect(stack.orders.get(), &QAbstractItemModel::rowsInserted, ctx, check);
                QObject::connect(stack.orders.get(), &QAbstractItemModel::modelReset, ctx, check);
                stack.connection.open();
            });
        }
        if (!waitFor([&] { return ready.load() >= clientCount; }, 180'000)) {
            std::fprintf(
                stderr, "bench_import: only %d of %d clients ready\n", ready.load(), clientCount);
            return 1;
        }
        const auto fetchCounts = [&](std::vector<qint64> *full, std::vector<qint64> *all) {
            full->clear();
            all->clear();
            for (auto &t : threads)
                t->run([&] {
                    for (const auto &s : t->stacks()) {
                        full->push_back(s->fullFetches.load());
                        all->push_back(s->fetches.load());
                    }
                });
        };
        std::vector<qint64> full0, all0, full1, all1;
        fetchCounts(&full0, &all0);

        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        QUrl url = server.baseUrl();
        url.setPath(u"/api/orders/import"_s);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer demo-manager");
        request.setHeader(QNetworkRequest::ContentTypeHeader, "text/csv"_ba);
        request.setTransferTimeout(120'000);
        target.store(seeded + rows);
        const qint64 t0 = nowNs();
        QNetworkReply *reply = nam.post(request, csv);
        waitFor([reply] { return reply->isFinished(); }, 120'000);
        const qint64 t1 = nowNs();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject report = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        if (status != 200 || report.value("created"_L1).toInt() != rows) {
            std::fprintf(stderr, "bench_import: import answered %d: %s\n", status,
                QJsonDocument(report).toJson(QJsonDocument::Compact).left(400).constData());
            return 1;
        }
        waitFor([&] { return done.load() >= clientCount; }, 120'000);
        // Let follow-up fetches that were already queued land before counting them.
        waitFor([] { return false; }, 500);
        fetchCounts(&full1, &all1);

        RunResult r;
        r.commitMs = double(t1 - t0) / 1e6;
        std::vector<double> screen;
        for (int i = 0; i < clientCount; ++i) {
            const qint64 at = doneAt[std::size_t(i)].load();
            if (at == 0)
                ++r.missing;
            else
                screen.push_back(double(std::max<qint64>(0, at - t1)) / 1e6);
        }
        r.screenP50Ms = percentile(screen, 50);
        r.screenP99Ms = percentile(screen, 99);
        r.screenMaxMs = screen.empty() ? 0 : *std::max_element(screen.begin(), screen.end());
        double fetchSum = 0;
        for (std::size_t i = 0; i < full1.size(); ++i) {
            r.maxFullFetches = std::max(r.maxFullFetches, double(full1[i] - full0[i]));
            const double delta = double((all1[i] - all0[i]) - (full1[i] - full0[i]));
            r.maxDeltaFetches = std::max(r.maxDeltaFetches, delta);
            fetchSum += double(all1[i] - all0[i]);
        }
        r.meanFetches = full1.empty() ? 0 : fetchSum / double(full1.size());
        const QString p = u"import.run%1."_s.arg(run);
        bench(p + u"commit"_s, r.commitMs, "ms");
        bench(p + u"on_screen_p50"_s, r.screenP50Ms, "ms");
        bench(p + u"on_screen_p99"_s, r.screenP99Ms, "ms");
        bench(p + u"on_screen_all"_s, r.screenMaxMs, "ms");
        bench(p + u"full_list_fetches_max"_s, r.maxFullFetches, "per_client");
        bench(p + u"delta_fetches_max"_s, r.maxDeltaFetches, "per_client");
        bench(p + u"fetches_mean"_s, r.meanFetches, "per_client");
        bench(p + u"clients_missing"_s, r.missing, "clients");
        results.push_back(r);
        threads.clear();
        server.stop();
    }
    const auto over = [&](double RunResult::*field) {
        std::vector<double> v;
        for (const RunResult &r : results)
            v.push_back(r.*field);
        return median(v);
    };
    bench(u"import.rows"_s, rows, "orders");
    bench(u"import.clients"_s, clientCount, "clients");
    bench(u"import.runs"_s, runs, "runs");
    bench(u"import.commit_median"_s, over(&RunResult::commitMs), "ms");
    bench(u"import.on_screen_all_median"_s, over(&RunResult::screenMaxMs), "ms");
    bench(u"import.on_screen_p50_median"_s, over(&RunResult::screenP50Ms), "ms");
    bench(u"import.full_list_fetches_max_median"_s, over(&RunResult::maxFullFetches), "per_client");
    bench(u"import.delta_fetches_max_median"_s, over(&RunResult::maxDeltaFetches), "per_client");
    MessageCounter::print();
    return 0;
}
