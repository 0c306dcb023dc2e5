// Composition root of the desktop app: builds ApiClient, QueryClient, ConnectionManager, LiveSync,
// the models and the main window, and wires them. With --demo it first starts opsboard-server as
// a child process with demo data and simulated activity, and signs in by itself.

#include <cstdio>
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include "api/apiclient.h"
#include "core/logging.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "sync/eventmap.h"
#include "sync/livesync.h"
#include "sync/restqueryfn.h"
#include "ui/connectionbadge.h"
#include "ui/mainwindow.h"

using namespace Qt::StringLiterals;

namespace {

//! Everything a signed-in window needs, built once the server address is known.
struct ClientStack
{
    Ops::ApiClient api;
    Ops::QueryClient queries;
    Ops::ConnectionManager connection;
    std::unique_ptr<Ops::LiveSync> sync;
    std::unique_ptr<Ops::OrdersTableModel> orders;
    std::unique_ptr<Ops::MainWindow> window;
};

QString findServerBinary()
{
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &candidate : { dir + u"/opsboard-server"_s,
             dir + u"/../server/opsboard-server"_s, dir + u"/../lib/opsboard/opsboard-server"_s }) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(u"opsboard-server"_s);
}

QUrl socketUrl(const QUrl &base)
{
    QUrl ws = base;
    ws.setScheme(base.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
    ws.setPath(u"/ws"_s);
    return ws;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"opsboard"_s);
    QApplication::setApplicationDisplayName(u"Opsboard"_s);
    QApplication::setOrganizationName(u"Opsboard"_s);
    QApplication::setApplicationVersion(QStringLiteral(OPS_VERSION));
    QGuiApplication::setDesktopFileName(u"io.opsboard.Opsboard"_s);
    QApplication::setWindowIcon(
        QIcon::fromTheme(u"io.opsboard.Opsboard"_s, QIcon(u":/icons/io.opsboard.Opsboard.svg"_s)));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Opsboard — live operations dashboard for dispatchers"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(u"server"_s,
        u"Server base URL (default http://127.0.0.1:8080)."_s, u"url"_s,
        u"http://127.0.0.1:8080"_s);
    const QCommandLineOption tokenOption(u"token"_s,
        u"Sign-in token (default: $OPSBOARD_TOKEN). Prefer the environment: command lines are "
        u"visible to other users."_s,
        u"token"_s);
    const QCommandLineOption demoOption(u"demo"_s,
        u"Start an embedded opsboard-server with demo data and activity, and sign in to it."_s);
    const QCommandLineOption eventMapOption(
        u"event-map"_s, u"Use this event map instead of the built-in one."_s, u"file"_s);
    const QCommandLineOption screenshotOption(u"screenshot"_s,
        u"Save a screenshot of the main window to <file> after --screenshot-delay ms, then quit."_s,
        u"file"_s);
    const QCommandLineOption screenshotDelayOption(u"screenshot-delay"_s,
        u"Delay before --screenshot, in ms (default 4000)."_s, u"ms"_s, u"4000"_s);
    const QCommandLineOption caOption(u"ca"_s,
        u"Trust the CA certificates in this PEM file for https:// and wss:// (e.g. a company CA)."_s,
        u"file"_s);
    const QCommandLineOption checkOption(u"check"_s,
        u"Exit 0 as soon as the view is live and orders are loaded; exit 1 after <s> seconds "
        u"without that (an installation check)."_s,
        u"s"_s);
    parser.addOptions({ serverOption, tokenOption, demoOption, eventMapOption, screenshotOption,
        screenshotDelayOption, caOption, checkOption });
    parser.process(app);

    Ops::EventMap eventMap = Ops::EventMap::builtIn();
    if (parser.isSet(eventMapOption)) {
        QString error;
        auto custom = Ops::EventMap::load(parser.value(eventMapOption), &error);
        if (!custom) {
            std::fprintf(stderr, "opsboard: %s\n", qPrintable(error));
            return 2;
        }
        eventMap = std::move(*custom);
    }

    QList<QSslCertificate> caCertificates;
    if (parser.isSet(caOption)) {
        caCertificates = QSslCertificate::fromPath(parser.value(caOption), QSsl::Pem);
        if (caCertificates.isEmpty()) {
            std::fprintf(
                stderr, "opsboard: no PEM certificate in %s\n", qPrintable(parser.value(caOption)));
            return 2;
        }
    }

    ClientStack stack;
    const auto startClient = [&](const QUrl &base, const QString &token) {
        stack.api.setBaseUrl(base);
        stack.api.setToken(token);
        if (!caCertificates.isEmpty()) {
            stack.api.setCaCertificates(caCertificates);
            stack.connection.setCaCertificates(caCertificates);
        }
        stack.queries.setDefaultQueryFn(Ops::restQueryFn(&stack.api));
        stack.connection.setUrl(socketUrl(base));
        stack.connection.setToken(token);
        stack.sync = std::make_unique<Ops::LiveSync>(
            &stack.connection, &stack.api, &stack.queries, eventMap);
        stack.orders =
            std::make_unique<Ops::OrdersTableModel>(&stack.queries, Ops::QueryKey { u"orders"_s });
        stack.window = std::make_unique<Ops::MainWindow>(stack.orders.get(), &stack.connection);
        QObject::connect(stack.sync.get(), &Ops::LiveSync::caughtUp, stack.window.get(),
            &Ops::MainWindow::showCaughtUp);
        stack.window->setWindowTitle(u"Opsboard — %1"_s.arg(base.toString(QUrl::RemoveUserInfo)));
        stack.window->show();
        stack.connection.monitorSystemNetwork();
        stack.connection.open();

        if (parser.isSet(screenshotOption)) {
            const QString file = parser.value(screenshotOption);
            QTimer::singleShot(
                parser.value(screenshotDelayOption).toInt(), stack.window.get(), [&stack, file] {
                    if (!stack.window->grab().save(file))
                        qCWarning(lcUi) << "could not save screenshot to" << file;
                    QApplication::quit();
                });
        }
        if (parser.isSet(checkOption)) {
            const auto passed = [&stack] {
                if (!stack.connection.isLive() || stack.orders->rowCount() == 0)
                    return;
                std::fprintf(stdout, "opsboard: live, %d orders\n", stack.orders->rowCount());
                std::fflush(stdout);
                QApplication::exit(0);
            };
            QObject::connect(
                &stack.connection, &Ops::ConnectionManager::stateChanged, &app, passed);
            QObject::connect(stack.orders.get(), &QAbstractItemModel::rowsInserted, &app, passed);
            QObject::connect(stack.orders.get(), &QAbstractItemModel::modelReset, &app, passed);
            QTimer::singleShot(std::chrono::seconds(parser.value(checkOption).toInt()), &app, [] {
                std::fprintf(stderr, "opsboard: --check timed out (not live with orders)\n");
                QApplication::exit(1);
            });
        }
    };

    QProcess server;
    QTemporaryDir demoDir;
    if (parser.isSet(demoOption)) {
        const QString binary = findServerBinary();
        if (binary.isEmpty() || !demoDir.isValid()) {
            std::fprintf(
                stderr, "opsboard: cannot find opsboard-server next to the app or on PATH\n");
            return 2;
        }
        server.setProgram(binary);
        server.setArguments(
            { u"--demo"_s, u"--port"_s, u"0"_s, u"--db"_s, demoDir.filePath(u"demo.sqlite"_s) });
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&server, &QProcess::readyReadStandardOutput, &app, [&] {
            static const QRegularExpression listening(u"listening on (https?://\\S+)"_s);
            while (server.canReadLine()) {
                const QString line = QString::fromUtf8(server.readLine()).trimmed();
                std::fprintf(stdout, "%s\n", qPrintable(line));
                const auto match = listening.match(line);
                if (match.hasMatch() && !stack.window)
                    startClient(QUrl(match.captured(1)), u"demo-manager"_s);
            }
            std::fflush(stdout);
        });
        QObject::connect(&server, &QProcess::finished, &app, [&](int code) {
            qCWarning(lcUi) << "embedded server exited with code" << code;
            if (!stack.window)
                QApplication::exit(1);
        });
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&server] {
            server.terminate();
            if (!server.waitForFinished(3000))
                server.kill();
        });
        server.start();
    } else {
        const QString token = parser.isSet(tokenOption) ? parser.value(tokenOption)
                                                        : qEnvironmentVariable("OPSBOARD_TOKEN");
        const QUrl base(parser.value(serverOption));
        if (!base.isValid() || (base.scheme() != "http"_L1 && base.scheme() != "https"_L1)) {
            std::fprintf(stderr, "opsboard: --server must be an http:// or https:// URL\n");
            return 2;
        }
        startClient(base, token);
    }
    return QApplication::exec();
}
