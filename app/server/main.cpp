// opsboard-server: composition root of the reference operations server.

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <QCoreApplication>

#include "core/logging.h"
#include "server/commands.h"
#include "server/ops/logformatter.h"
#include "server/ops/serveroptions.h"
#include "server/ops/signalnotifier.h"
#include "server/opsserver.h"

using namespace Qt::StringLiterals;

namespace {

Ops::LogFormatter::Format s_logFormat = Ops::LogFormatter::Format::Text;

void logHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = Ops::LogFormatter::format(s_logFormat, type, context.category, message,
                                Ops::RequestTracker::currentRequestId())
        + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    if (type == QtFatalMsg)
        std::abort();
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

int fail(int status, const QString &message)
{
    std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(message));
    if (status == 2)
        std::fputs("Try 'opsboard-server --help'.\n", stderr);
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"opsboard-server"_s);
    QCoreApplication::setApplicationVersion(QLatin1StringView(OPS_VERSION));

    const Ops::ServerOptions::Parsed parsed =
        Ops::ServerOptions::parse(QCoreApplication::arguments());
    switch (parsed.action) {
    case Ops::ServerOptions::Action::Fail:
        return fail(2, parsed.error);
    case Ops::ServerOptions::Action::ShowHelp:
        std::fputs(qPrintable(Ops::ServerOptions::helpText(parsed.helpFor)), stdout);
        return 0;
    case Ops::ServerOptions::Action::ShowVersion:
        printLine(u"opsboard-server "_s + QCoreApplication::applicationVersion());
        return 0;
    case Ops::ServerOptions::Action::Run:
    case Ops::ServerOptions::Action::RunCommand:
        break;
    }
    const Ops::ServerOptions &options = parsed.options;
    s_logFormat = options.logFormat;
    qInstallMessageHandler(logHandler);
    if (parsed.action == Ops::ServerOptions::Action::RunCommand)
        return Ops::runCommand(options);

    Ops::OpsServer server;
    if (const Ops::Error e = server.start(options); !e.ok())
        return fail(e.kind == Ops::ErrorKind::BadRequest ? 2 : 1, e.message);
    for (const QString &line : Ops::startupLines(options, server))
        printLine(line);

    // Signals arrive in the event loop. SIGHUP re-reads the users file (where there is one;
    // the file is also watched, which is how Windows reloads); the others shut down gracefully.
    QList<int> watched { SIGINT, SIGTERM };
#ifdef SIGHUP
    watched.append(SIGHUP);
#endif
    Ops::SignalNotifier signalNotifier(watched);
    QObject::connect(&signalNotifier, &Ops::SignalNotifier::signalReceived, &app,
        [&server, drainTime = options.shutdownTimeout](int signal) {
#ifdef SIGHUP
            if (signal == SIGHUP) {
                server.reloadUsers();
                return;
            }
#endif
            Q_UNUSED(signal);
            server.shutdown(drainTime);
        });
    QObject::connect(
        &server, &Ops::OpsServer::shutdownFinished, &app, [] { QCoreApplication::exit(0); });

    return QCoreApplication::exec();
}
