// bench_ui_ingest: the running app under a steady event stream. The real client stack (one
// Session) and a MainWindow (offscreen) against a real opsboard-server whose simulator produces
// events as fast as asked, for a fixed time. Prints `BENCH <name> <value> <unit>` lines:
//
//   - events received per second (what the simulator really produced, all kinds);
//   - the longest UI-thread stall, measured two ways: the lateness of a 5 ms precise QTimer, and
//     the longest stretch the event loop spent between waking up and going back to sleep;
//   - RSS after the first load and at the end (before the window closes).
//
// Usage: bench_ui_ingest [seconds=60] [sim-interval-ms=2] [orders=200]
// The simulator appends one order event per tick (plus 1–3 driver events, on the drivers channel,
// which the session also subscribes here): --sim-interval 2 asks for ~500 order events/s. The
// simulator keeps its own view of the open orders and runs the ticks a late wake-up missed, so
// what it reaches is bounded by the store's commits (one per event) on the machine.
// Not a test: it never fails because a machine was slow.

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include "benchsupport.h"
#include "serverprocess.h"
#include "sync/session.h"
#include "ui/mainwindow.h"
#include "ui/orderspanel.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;
using OpsBench::printFigure;

namespace {

//! CPU time this thread has used: tells our own work apart from waiting for a busy machine.
qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double rssMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own dispatcher emits awake()/aboutToBlock() around every poll(), which the busy-stretch
    // measure needs (GLib's does not). QT_NO_GLIB=0 keeps GLib (then only the timer measure
    // counts).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        qEnvironmentVariable("OPS_BENCH_LOG", u"ops.*.info=false\nops.*.debug=false"_s));
    const QStringList args = QCoreApplication::arguments();
    const int seconds = args.value(1, u"60"_s).toInt();
    const QString interval = args.value(2, u"2"_s);
    const QString orders = args.value(3, u"200"_s);

    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    if (!server.start(0,
            { u"--demo"_s, u"--sim-interval"_s, interval, u"--orders"_s, orders,
                u"--retain-events"_s, u"200000"_s })) {
        std::fprintf(stderr, "cannot start server: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    Session session;
    WindowManager windows(&session);
    session.start(server.baseUrl(), u"demo-manager"_s);
    // Qt 6's quit() closes the windows first, and the manager's windows delete themselves on
    // close: by the end of exec() the window is gone.
    QPointer<MainWindow> window = windows.openWindow();
    window->resize(1600, 1000);
    OrdersTableModel *model = window->ordersPanel()->model();

    QElapsedTimer loadTimer;
    loadTimer.start();
    while (!(session.isLive() && model->rowCount() >= orders.toInt() / 2)
        && loadTimer.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    printFigure("ui_ingest.initial_load", double(loadTimer.elapsed()), "ms");
    printFigure("ui_ingest.rows", double(model->rowCount()), "rows");
    const double rssStart = rssMiB();
    printFigure("ui_ingest.rss_start", rssStart, "MiB");

    qint64 events = 0;
    qint64 orderEvents = 0;
    QObject::connect(
        session.connection(), &ConnectionManager::eventReceived, &app, [&](const ChangeEvent &e) {
            ++events;
            orderEvents += e.entity == "order"_L1 ? 1 : 0;
        });

    // 1. A 5 ms precise timer: how late each tick is.
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = clock.nsecsElapsed();
    qint64 maxLateNs = 0;
    QList<double> lateMs;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 late = now - lastTick - 5'000'000;
        maxLateNs = std::max(maxLateNs, late);
        lateMs.append(double(late) / 1e6);
        lastTick = now;
    });
    // 2. The longest stretch between the loop waking up and blocking again.
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    qint64 awakeAt = -1;
    qint64 awakeCpu = 0;
    qint64 maxBusyNs = 0;
    qint64 maxBusyCpuNs = 0;
    QObject::connect(dispatcher, &QAbstractEventDispatcher::awake, &app, [&] {
        awakeAt = clock.nsecsElapsed();
        awakeCpu = threadCpuNs();
    });
    QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, &app, [&] {
        if (awakeAt >= 0) {
            maxBusyNs = std::max(maxBusyNs, clock.nsecsElapsed() - awakeAt);
            maxBusyCpuNs = std::max(maxBusyCpuNs, threadCpuNs() - awakeCpu);
        }
        awakeAt = -1;
    });

    qint64 rowsChanged = 0;
    QObject::connect(model, &QAbstractItemModel::dataChanged, &app, [&] { ++rowsChanged; });
    // RSS is read before quit(): Qt 6's quit() closes (and so deletes) the window first, and a
    // reading after exec() would leave out everything the window and its models held.
    double rssEnd = -1;
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [&rssEnd] {
        rssEnd = rssMiB();
        QCoreApplication::quit();
    });
    lastTick = clock.nsecsElapsed();
    const qint64 started = clock.elapsed();
    probe.start();
    QApplication::exec();
    const double elapsedS = double(clock.elapsed() - started) / 1000.0;

    std::sort(lateMs.begin(), lateMs.end());
    const auto pct = [&lateMs](double p) {
        return lateMs.isEmpty() ? 0.0 : lateMs.at(qsizetype(p * double(lateMs.size() - 1)));
    };
    printFigure("ui_ingest.seconds", elapsedS, "s");
    printFigure("ui_ingest.events_per_s", double(events) / elapsedS, "events/s");
    printFigure("ui_ingest.order_events_per_s", double(orderEvents) / elapsedS, "events/s");
    printFigure("ui_ingest.model_datachanged_per_s", double(rowsChanged) / elapsedS, "signals/s");
    printFigure("ui_ingest.rows_end", double(model->rowCount()), "rows");
    printFigure("ui_ingest.timer_late_p50", pct(0.50), "ms");
    printFigure("ui_ingest.timer_late_p99", pct(0.99), "ms");
    printFigure("ui_ingest.timer_late_max", double(maxLateNs) / 1e6, "ms");
    printFigure("ui_ingest.loop_busy_max", double(maxBusyNs) / 1e6, "ms");
    // The same stretch in this thread's CPU time: far below the wall time = the machine was busy.
    printFigure("ui_ingest.loop_busy_cpu_max", double(maxBusyCpuNs) / 1e6, "ms");
    printFigure("ui_ingest.rss_end", rssEnd, "MiB");
    printFigure("ui_ingest.rss_growth", rssEnd - rssStart, "MiB");
    printFigure("ui_ingest.rss_after_close", rssMiB(), "MiB");
    if (window)
        window->close();
    server.stop();
    return 0;
}
