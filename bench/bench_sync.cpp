// bench_sync: figures of the client's realtime path, printed as `BENCH <name> <value> <unit>`.
//
// 1. Throughput on one core: text frames → ServerFrame::parse → LiveSync (event map lookup,
//    per-key coalescing) → QueryClient invalidations, 100 events per event-loop turn, against a
//    cache of 10k order queries with the list query observed.
// 2. Latency: a server appends an event; the time until the client's query function is called
//    for the refetch it causes. Real QWebSocket over loopback, one process, one thread.

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSignalSpy>

#include "api/apiclient.h"
#include "benchsupport.h"
#include "keys/querykeys.h"
#include "protocol/frames.h"
#include "protocolserver.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"
#include "realtime/connectionmanager.h"
#include "sync/livesync.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;
using OpsBench::printFigure;

namespace {

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * v.size())));
}

QList<QString> makeFrames(int count)
{
    QList<QString> frames;
    frames.reserve(count);
    const QDateTime ts = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < count; ++i) {
        ServerFrame f;
        f.kind = ServerFrame::Kind::Event;
        f.event.seq = i + 1;
        f.event.epoch = u"E1"_s;
        f.event.type = u"order.updated"_s;
        f.event.entity = u"order"_s;
        f.event.id = u"ORD-%1"_s.arg(i % 10000, 5, 10, QChar(u'0'));
        f.event.version = 2 + i / 10000;
        f.event.ts = ts;
        frames.append(f.toJson());
    }
    return frames;
}

void throughput()
{
    constexpr int events = 200'000;
    constexpr int perTurn = 100;
    QueryClient queries;
    int fetches = 0;
    queries.setDefaultQueryFn([&fetches](const QueryContext &ctx) {
        ++fetches;
        ctx.resolve(QJsonArray());
    });
    for (int i = 0; i < 10000; ++i)
        queries.setQueryData(
            QueryKeys::order(u"ORD-%1"_s.arg(i, 5, 10, QChar(u'0'))), QJsonValue(i));
    QueryObserver list(&queries, QueryKeys::orders());
    ApiClient api;
    ConnectionManager connection;
    LiveSync sync(&connection, &api, &queries, EventMap::builtIn());
    QCoreApplication::processEvents();

    const QList<QString> frames = makeFrames(events);
    QList<double> turnMs;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < events; i += perTurn) {
        QElapsedTimer turn;
        turn.start();
        for (int j = i; j < i + perTurn; ++j) {
            const auto frame = ServerFrame::parse(frames.at(j), nullptr);
            Q_EMIT connection.eventReceived(frame->event); // what the socket path emits
        }
        QCoreApplication::processEvents(); // end of turn: coalesced invalidations + refetch
        turnMs.append(double(turn.nsecsElapsed()) / 1e6);
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    printFigure("sync_events_per_second_one_core", events / seconds, "events/s");
    printFigure("sync_turn_100_events_p50", percentile(turnMs, 0.5), "ms");
    printFigure("sync_turn_100_events_p99", percentile(turnMs, 0.99), "ms");
    printFigure(
        "sync_list_refetches_per_100_events", double(fetches) / (events / perTurn), "fetches");
    printFigure(
        "sync_invalidation_calls_per_event", double(sync.invalidations()) / events, "calls");
}

void latency()
{
    constexpr int samples = 2000;
    ProtocolServer server;
    QueryClient queries;
    QElapsedTimer sinceAppend;
    QList<double> micros;
    bool waiting = false;
    queries.setDefaultQueryFn([&](const QueryContext &ctx) {
        if (waiting) {
            micros.append(double(sinceAppend.nsecsElapsed()) / 1e3);
            waiting = false;
        }
        ctx.resolve(QJsonArray());
    });
    QueryObserver list(&queries, QueryKeys::orders());
    ApiClient api;
    ConnectionManager connection;
    connection.setUrl(server.url());
    connection.setToken(u"good"_s);
    LiveSync sync(&connection, &api, &queries, EventMap::builtIn());
    connection.open();
    QSignalSpy live(&connection, &ConnectionManager::subscribed);
    if (!live.wait(5000)) {
        std::printf("BENCH sync_latency_error 1 connect\n");
        return;
    }
    for (int i = 0; i < samples; ++i) {
        waiting = true;
        sinceAppend.start();
        server.append();
        QElapsedTimer guard;
        guard.start();
        while (waiting && guard.elapsed() < 2000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    printFigure("sync_event_to_refetch_p50", percentile(micros, 0.5), "us");
    printFigure("sync_event_to_refetch_p99", percentile(micros, 0.99), "us");
    printFigure("sync_event_to_refetch_max", percentile(micros, 1.0), "us");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"ops.*.info=false"_s);
    throughput();
    latency();
    return 0;
}
