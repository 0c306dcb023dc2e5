// What every bench shares, client or server side: the clock, percentiles, the `BENCH` line, the
// log counter, the opening of main(), and the line protocol a bench driver speaks with the server
// process it starts (commands on stdin, replies on stdout). Header-only on purpose: bench code,
// not a library. benchclients.h adds the app's client stack on top, benchserver.h the server.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <vector>

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QLoggingCategory>
#include <QMap>
#include <QSocketNotifier>
#include <QString>

#include <unistd.h>

namespace OpsBench {

using namespace Qt::StringLiterals;

inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

//! The \a p-th percentile (0–100) of \a v, nearest rank; 0 for no values.
inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size())))];
}

//! One figure as `BENCH <name> <value> <unit>` (what bench/README.md's tables are made from).
inline void printFigure(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

inline void printFigure(const QString &name, double value, const char *unit)
{
    printFigure(qPrintable(name), value, unit);
}

//! Counts the client libraries' log messages instead of printing them (a thousand clients log
//! the same line a thousand times); printMessageCounts() prints one line per distinct message.
class MessageCounter
{
public:
    static void install()
    {
        qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (type == QtFatalMsg) {
                    std::fprintf(stderr, "%s\n", qPrintable(message));
                    std::abort();
                }
                if (type == QtDebugMsg || type == QtInfoMsg)
                    return;
                const QString key = QString::fromLatin1(context.category ? context.category : "")
                    + u": "_s + message.left(80);
                std::lock_guard lock(instance().m_mutex);
                ++instance().m_counts[key];
            });
    }
    static void print()
    {
        std::lock_guard lock(instance().m_mutex);
        for (auto it = instance().m_counts.cbegin(); it != instance().m_counts.cend(); ++it)
            std::printf(
                "LOG %lld x %s\n", static_cast<long long>(it.value()), qPrintable(it.key()));
    }
    static qint64 count(const QString &prefix)
    {
        std::lock_guard lock(instance().m_mutex);
        qint64 n = 0;
        for (auto it = instance().m_counts.cbegin(); it != instance().m_counts.cend(); ++it) {
            if (it.key().contains(prefix))
                n += it.value();
        }
        return n;
    }

private:
    static MessageCounter &instance()
    {
        static MessageCounter counter;
        return counter;
    }
    std::mutex m_mutex;
    QMap<QString, qint64> m_counts;
};

//! The project's info and debug logs off: a bench prints figures, not a line per request.
inline void quietLogs()
{
    QLoggingCategory::setFilterRules(u"ops.*.info=false\nops.*.debug=false"_s);
}

//! The opening of a client-side bench's main(): logs quiet, warnings counted, `--help`.
inline void setUp(QCommandLineParser &parser)
{
    quietLogs();
    MessageCounter::install();
    parser.addHelpOption();
}

//! A line to the driver process that started this one (stdout, flushed at once).
inline void reply(const QByteArray &line)
{
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

//! The driver's commands on stdin, a line each, split at spaces, handed to \a onCommand. The
//! application quits on `quit` and when stdin closes: the driver is gone, never outlive it.
class StdinCommands
{
public:
    explicit StdinCommands(std::function<void(const QList<QByteArray> &)> onCommand)
        : m_onCommand(std::move(onCommand))
    {
        QObject::connect(&m_input, &QSocketNotifier::activated, &m_input, [this] { read(); });
    }

private:
    void read()
    {
        char buf[4096];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            QCoreApplication::exit(0);
            return;
        }
        m_pending.append(buf, n);
        qsizetype nl;
        while ((nl = m_pending.indexOf('\n')) >= 0) {
            const QList<QByteArray> command = m_pending.left(nl).trimmed().split(' ');
            m_pending.remove(0, nl + 1);
            if (command.value(0) == "quit")
                QCoreApplication::exit(0);
            else
                m_onCommand(command);
        }
    }

    std::function<void(const QList<QByteArray> &)> m_onCommand;
    QSocketNotifier m_input { STDIN_FILENO, QSocketNotifier::Read };
    QByteArray m_pending;
};

} // namespace OpsBench
