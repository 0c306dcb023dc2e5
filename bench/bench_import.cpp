// bench_import: 10,000 orders imported from CSV — the time to commit, and the time until every
// connected client's orders table shows them.
//
//   bench_import [--clients 100] [--stacks 2] [--rows 10000] [--orders 1000] [--runs 5]
//                [--server-binary <path>]
//
// Each run starts a fresh opsboard-server (--demo --no-sim, --orders seeded orders, SQLite in a
// temporary directory) and connects --clients clients as demo-manager (every region):
// - --stacks of them are real client stacks (ApiClient + QueryClient + ConnectionManager +
//   LiveSync + OrdersTableModel on ["orders"], as app/dashboard wires them; benchclients.h), each
//   on its own thread, as each would be on its own machine;
// - the others are readers that do on the wire what a client does after an import: a WebSocket
//   subscribed to `orders` and, on `import.created`, the delta read `GET /api/orders?since=…`
//   on a plain socket (with QNetworkAccessManager's `Accept-Encoding`), read to its end. They load
//   the server as the clients would; what each client then does with the answer happens on its own
//   machine, so they do not parse it here (100 full stacks would measure how fast two cores run 100
//   copies of the client).
// When every table shows the orders the server lists (the seeded ones less finished orders aged
// out of the default list) and every client is subscribed, it POSTs one CSV file of --rows new
// orders to /api/orders/import.
//
// commit: from just before the POST until its answer (upload, parse, every row checked, one
// write transaction, the answer): the import is committed when the answer arrives.
// on screen: per stack, from that answer until its OrdersTableModel holds every new row.
// answered: per reader, from that answer until the whole delta read has arrived.
// fetches: per stack, list fetches after the POST, split into full-list fetches (no cached
// list to send a delta for) and delta reads (`?since=`).
// list reads: how many list answers the server read and encoded, and how many it shared
// (`opsboard_list_answers_total` in /metrics).
// Prints `BENCH <name> <value> <unit>` per run and the medians over runs; never fails on speed.

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QThread>
#include <QWebSocket>

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

//! \brief A client on the wire only: subscribed to `orders`, and on `import.created` the delta
//! read a client makes, on a plain HTTP/1.1 socket, read to its end (not parsed).
class Reader final : public QObject
{
public:
    Reader(const QUrl &base, std::atomic<int> *ready, std::atomic<int> *answered,
        std::atomic<qint64> *answeredAt, std::atomic<int> *failed)
        : m_base(base)
        , m_ready(ready)
        , m_answered(answered)
        , m_answeredAt(answeredAt)
        , m_failed(failed)
    {
        connect(&m_ws, &QWebSocket::connected, this,
            [this] { m_ws.sendTextMessage(u"{\"op\":\"auth\",\"token\":\"demo-manager\"}"_s); });
        connect(&m_ws, &QWebSocket::textMessageReceived, this, &Reader::onFrame);
        connect(&m_http, &QTcpSocket::connected, this, [this] {
            QUrl url = m_base;
            m_http.write("GET /api/orders?since=" + QByteArray::number(m_since)
                + "&epoch=" + m_epoch.toUtf8() + " HTTP/1.1\r\nHost: " + url.host().toUtf8()
                + "\r\nAuthorization: Bearer demo-manager\r\nAccept: application/json\r\n"
                  // What QNetworkAccessManager asks for by itself.
                  "Accept-Encoding: gzip, deflate\r\nConnection: close\r\n\r\n");
        });
        connect(&m_http, &QTcpSocket::readyRead, this, [this] {
            m_answer += m_http.readAll();
            if (isComplete())
                onAnswer();
        });
        connect(&m_http, &QTcpSocket::disconnected, this, [this] {
            if (!m_done)
                onAnswer();
        });
        m_ws.open(socketUrl(base));
    }

private:
    void onFrame(const QString &text)
    {
        const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString op = frame.value("op"_L1).toString();
        if (op == "ready"_L1) {
            m_ws.sendTextMessage(u"{\"op\":\"subscribe\",\"channels\":[\"orders\"]}"_s);
        } else if (op == "subscribed"_L1) {
            m_ready->fetch_add(1);
        } else if (op == "event"_L1 && frame.value("type"_L1).toString() == "import.created"_L1) {
            m_since = frame.value("seq"_L1).toInteger() - 1;
            m_epoch = frame.value("epoch"_L1).toString();
            m_http.connectToHost(m_base.host(), quint16(m_base.port()));
        }
    }

    //! The head and Content-Length bytes of body have arrived.
    [[nodiscard]] bool isComplete() const
    {
        const qsizetype end = m_answer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QByteArray head = m_answer.left(end).toLower();
        const qsizetype at = head.indexOf("content-length:");
        if (at < 0)
            return false;
        const qsizetype lineEnd = head.indexOf('\r', at);
        const qint64 length =
            head.mid(at + 15, lineEnd < 0 ? -1 : lineEnd - at - 15).trimmed().toLongLong();
        return m_answer.size() - (end + 4) >= length;
    }

    void onAnswer()
    {
        if (m_done)
            return;
        m_done = true;
        m_http.abort();
        if (m_answer.startsWith("HTTP/1.1 200") && isComplete())
            m_answeredAt->store(nowNs());
        else
            m_failed->fetch_add(1);
        m_answered->fetch_add(1);
    }

    QUrl m_base;
    QWebSocket m_ws;
    QTcpSocket m_http;
    QByteArray m_answer;
    bool m_done = false;
    qint64 m_since = 0;
    QString m_epoch;
    std::atomic<int> *m_ready;
    std::atomic<int> *m_answered;
    std::atomic<qint64> *m_answeredAt;
    std::atomic<int> *m_failed;
};

//! The server's `opsboard_list_answers_total{answer="…"}` (read or shared).
double listAnswers(const QUrl &base, const char *answer)
{
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QUrl url = base;
    url.setPath(u"/metrics"_s);
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    waitFor([reply] { return reply->isFinished(); }, 30'000);
    const QByteArray wanted = QByteArray("opsboard_list_answers_total{answer=\"") + answer + "\"} ";
    double value = -1;
    for (const QByteArray &line : reply->readAll().split('\n')) {
        if (line.startsWith(wanted))
            value = line.mid(wanted.size()).toDouble();
    }
    reply->deleteLater();
    return value;
}

//! The orders the default list shows demo-manager: `Opsboard-Total-Count` of `GET /api/orders`.
int listedOrders(const QUrl &base)
{
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QUrl url = base;
    url.setPath(u"/api/orders"_s);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer demo-manager");
    QNetworkReply *reply = nam.get(request);
    waitFor([reply] { return reply->isFinished(); }, 30'000);
    const int count = reply->rawHeader("Opsboard-Total-Count").toInt();
    reply->deleteLater();
    return count;
}

//! Each run's figures, named once: printed as `import.run<n>.<name>`, kept for their medians.
class RunFigures
{
public:
    //! Prints figure \a name of run \a run and keeps \a value for its median.
    void add(int run, const QString &name, double value, const char *unit)
    {
        printFigure(u"import.run%1."_s.arg(run) + name, value, unit);
        Figure &figure = m_figures[name];
        figure.values.push_back(value);
        figure.unit = unit;
    }
    //! Prints `import.<name>_median` for each of \a names, in that order.
    void printMedians(const QStringList &names) const
    {
        for (const QString &name : names) {
            Q_ASSERT(m_figures.contains(name));
            const Figure figure = m_figures.value(name);
            printFigure(
                u"import."_s + name + u"_median"_s, percentile(figure.values, 50), figure.unit);
        }
    }

private:
    struct Figure
    {
        std::vector<double> values; //!< one per run
        const char *unit = "";
    };
    QHash<QString, Figure> m_figures;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    setUp(parser);
    const QCommandLineOption clientsOpt = clientsOption(u"100"_s);
    const QCommandLineOption stacksOpt(
        u"stacks"_s, u"Clients that are whole client stacks (each its thread)."_s, u"n"_s, u"2"_s);
    const QCommandLineOption rowsOpt(u"rows"_s, u"Orders in the file."_s, u"n"_s, u"10000"_s);
    const QCommandLineOption ordersOpt(u"orders"_s, u"Orders seeded first."_s, u"n"_s, u"1000"_s);
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs (fresh server each)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption binaryOpt = serverBinaryOption(QStringLiteral(OPS_SERVER_BINARY));
    parser.addOptions({ clientsOpt, stacksOpt, rowsOpt, ordersOpt, runsOpt, binaryOpt });
    parser.process(app);
    const int clientCount = qMax(1, parser.value(clientsOpt).toInt());
    const int stackCount = qBound(1, parser.value(stacksOpt).toInt(), clientCount);
    const int readerCount = clientCount - stackCount;
    const int rows = qMax(1, parser.value(rowsOpt).toInt());
    const int seeded = qMax(1, parser.value(ordersOpt).toInt());
    const int runs = qMax(1, parser.value(runsOpt).toInt());

    RunFigures figures;
    for (int run = 1; run <= runs; ++run) {
        ServerProcess server(parser.value(binaryOpt));
        if (!server.start(0,
                { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s,
                    QString::number(seeded), u"--seed"_s, QString::number(run),
                    // Every client comes from 127.0.0.1 here, not from a machine of its own.
                    u"--ws-connect-rate"_s, QString::number(clientCount * 2) })) {
            std::fprintf(stderr, "bench_import: %s\n", qPrintable(server.errorString()));
            return 1;
        }
        const QByteArray csv = csvOf(rows, run);
        // What the default list shows before the import: finished orders age out of it.
        const int listed = listedOrders(server.baseUrl());
        if (listed <= 0) {
            std::fprintf(stderr, "bench_import: the server lists no orders\n");
            return 1;
        }
        std::atomic<int> ready { 0 };
        std::atomic<int> done { 0 };
        std::atomic<int> target { listed };
        std::vector<std::atomic<qint64>> doneAt(static_cast<std::size_t>(stackCount));
        std::vector<std::unique_ptr<StackThread>> threads;
        for (int t = 0; t < stackCount; ++t)
            threads.push_back(std::make_unique<StackThread>());
        // The readers: one thread, created and destroyed there.
        std::atomic<int> readersReady { 0 };
        std::atomic<int> answered { 0 };
        std::atomic<int> readersFailed { 0 };
        std::vector<std::atomic<qint64>> answeredAt(static_cast<std::size_t>(readerCount));
        QThread readerThread;
        readerThread.start();
        auto readerContext = std::make_unique<QObject>();
        readerContext->moveToThread(&readerThread);
        QMetaObject::invokeMethod(
            readerContext.get(),
            [&, ctx = readerContext.get()] {
                for (int r = 0; r < readerCount; ++r) {
                    auto *reader = new Reader(server.baseUrl(), &readersReady, &answered,
                        &answeredAt[std::size_t(r)], &readersFailed);
                    reader->setParent(ctx);
                }
            },
            Qt::BlockingQueuedConnection);
        for (int i = 0; i < stackCount; ++i) {
            StackThread &thread = *threads[std::size_t(i)];
            thread.add(server.baseUrl(), u"demo-manager"_s, i, [&, i](ClientStack &stack) {
                auto *isReady = new bool(false);
                QObject *ctx = stack.orders.get();
                QObject::connect(ctx, &QObject::destroyed, [isReady] { delete isReady; });
                const auto check = [&stack, &ready, &done, &target, &doneAt, isReady, i, listed] {
                    const int shown = stack.orders->rowCount();
                    if (!*isReady && stack.connection.isLive() && shown >= listed) {
                        *isReady = true;
                        ready.fetch_add(1);
                    }
                    if (*isReady && target.load() > listed && shown >= target.load()
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
        if (!waitFor(
                [&] { return ready.load() >= stackCount && readersReady.load() >= readerCount; },
                180'000)) {
            std::fprintf(stderr, "bench_import: only %d of %d stacks and %d of %d readers ready\n",
                ready.load(), stackCount, readersReady.load(), readerCount);
            return 1;
        }
        const double reads0 = listAnswers(server.baseUrl(), "read");
        const double shared0 = listAnswers(server.baseUrl(), "shared");
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
        target.store(listed + rows);
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
        waitFor(
            [&] { return done.load() >= stackCount && answered.load() >= readerCount; }, 120'000);
        // Let follow-up fetches that were already queued land before counting them.
        waitFor([] { return false; }, 500);
        fetchCounts(&full1, &all1);

        int missing = 0;
        std::vector<double> screen;
        for (int i = 0; i < stackCount; ++i) {
            const qint64 at = doneAt[std::size_t(i)].load();
            if (at == 0)
                ++missing;
            else
                screen.push_back(double(std::max<qint64>(0, at - t1)) / 1e6);
        }
        double maxFullFetches = 0;
        double maxDeltaFetches = 0;
        double fetchSum = 0;
        for (std::size_t i = 0; i < full1.size(); ++i) {
            maxFullFetches = std::max(maxFullFetches, double(full1[i] - full0[i]));
            const double delta = double((all1[i] - all0[i]) - (full1[i] - full0[i]));
            maxDeltaFetches = std::max(maxDeltaFetches, delta);
            fetchSum += double(all1[i] - all0[i]);
        }
        std::vector<double> readerTimes;
        for (const auto &at : answeredAt) {
            if (at.load() != 0)
                readerTimes.push_back(double(std::max<qint64>(0, at.load() - t1)) / 1e6);
        }
        const double listReads = listAnswers(server.baseUrl(), "read") - reads0;
        const double listShared = listAnswers(server.baseUrl(), "shared") - shared0;
        figures.add(run, u"commit"_s, double(t1 - t0) / 1e6, "ms");
        figures.add(run, u"on_screen_p50"_s, percentile(screen, 50), "ms");
        figures.add(run, u"on_screen_p99"_s, percentile(screen, 99), "ms");
        figures.add(run, u"on_screen_all"_s,
            screen.empty() ? 0 : *std::max_element(screen.begin(), screen.end()), "ms");
        figures.add(run, u"full_list_fetches_max"_s, maxFullFetches, "per_client");
        figures.add(run, u"delta_fetches_max"_s, maxDeltaFetches, "per_client");
        figures.add(run, u"fetches_mean"_s, full1.empty() ? 0 : fetchSum / double(full1.size()),
            "per_client");
        figures.add(run, u"clients_missing"_s, missing, "clients");
        figures.add(run, u"readers_answered_p50"_s, percentile(readerTimes, 50), "ms");
        figures.add(run, u"readers_answered_all"_s,
            readerTimes.empty() ? 0 : *std::max_element(readerTimes.begin(), readerTimes.end()),
            "ms");
        figures.add(run, u"readers_failed"_s, readerCount - int(readerTimes.size()), "clients");
        figures.add(run, u"list_answers_read"_s, listReads, "reads");
        figures.add(run, u"list_answers_shared"_s, listShared, "reads");
        readerContext.release()->deleteLater(); // with its readers, in their thread
        readerThread.quit();
        readerThread.wait();
        threads.clear();
        server.stop();
    }
    printFigure(u"import.rows"_s, rows, "orders");
    printFigure(u"import.clients"_s, clientCount, "clients");
    printFigure(u"import.stacks"_s, stackCount, "clients");
    printFigure(u"import.runs"_s, runs, "runs");
    figures.printMedians(
        { u"commit"_s, u"on_screen_all"_s, u"on_screen_p50"_s, u"readers_answered_all"_s,
            u"list_answers_read"_s, u"full_list_fetches_max"_s, u"delta_fetches_max"_s });
    MessageCounter::print();
    return 0;
}
