// Composition root of the desktop app: builds the one Session (ApiClient, QueryClient,
// ConnectionManager, LiveSync, OrderActions) and the windows over it, and wires them. With --demo
// it first starts opsboard-server as a child process with demo data and simulated activity, and
// signs in by itself. Otherwise it signs in with --server/--token/$OPSBOARD_TOKEN, or what the
// sign-in dialog remembered, or asks.

#include <cstdio>
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QJsonArray>
#include <QPalette>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTimer>

#include "core/logging.h"
#include "keys/querykeys.h"
#include "sync/eventmap.h"
#include "sync/session.h"
#include "ui/mainwindow.h"
#include "ui/signindialog.h"
#include "ui/translations.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;

namespace {

//! A dark palette from the Fusion style's roles (for --dark: screenshots, or a desk without a
//! desktop-wide dark theme).
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    p.setColor(QPalette::Mid, QColor(0x55, 0x57, 0x5a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

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
    const QCommandLineOption darkOption(
        u"dark"_s, u"Use a dark palette (Fusion style), whatever the desktop's theme."_s);
    const QCommandLineOption langOption(u"lang"_s,
        u"User interface language, e.g. de or en (default: the system locale, $LANG)."_s,
        u"language"_s);
    parser.addOptions({ serverOption, tokenOption, demoOption, eventMapOption, screenshotOption,
        screenshotDelayOption, caOption, checkOption, darkOption, langOption });
    parser.process(app);
    if (parser.isSet(langOption))
        QLocale::setDefault(QLocale(parser.value(langOption)));
    Ops::installTranslators(&app);

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

    if (parser.isSet(darkOption)) {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(darkPalette());
    }

    Ops::Session session(std::move(eventMap));
    if (!caCertificates.isEmpty())
        session.setCaCertificates(caCertificates);
    Ops::WindowManager windows(&session);

    const auto startClient = [&](const QUrl &base, const QString &token) {
        session.start(base, token);
        session.connection()->monitorSystemNetwork();
        Ops::MainWindow *window = windows.openWindow();
        if (parser.isSet(screenshotOption)) {
            const QString file = parser.value(screenshotOption);
            QPointer<Ops::MainWindow> shot(window);
            QTimer::singleShot(parser.value(screenshotDelayOption).toInt(), &app, [shot, file] {
                if (shot && !shot->grab().save(file))
                    qCWarning(lcUi) << "could not save screenshot to" << file;
                QApplication::quit();
            });
        }
        if (parser.isSet(checkOption)) {
            const auto passed = [&session] {
                const qsizetype orders =
                    session.queries()->state(Ops::QueryKeys::orders()).data.toArray().size();
                if (!session.isLive() || orders == 0)
                    return;
                std::fprintf(
                    stdout, "opsboard: live, %lld orders\n", static_cast<long long>(orders));
                std::fflush(stdout);
                QApplication::exit(0);
            };
            QObject::connect(&session, &Ops::Session::freshnessChanged, &app, passed);
            QObject::connect(session.queries(), &Ops::QueryClient::queryUpdated, &app, passed);
            QTimer::singleShot(std::chrono::seconds(parser.value(checkOption).toInt()), &app, [] {
                std::fprintf(stderr, "opsboard: --check timed out (not live with orders)\n");
                QApplication::exit(1);
            });
        }
    };

    // Asks for a server and token; false when the dispatcher cancels.
    const auto askSignIn = [&](const QUrl &url, const QString &why) {
        QSettings settings;
        Ops::SignInDialog dialog(windows.windows().isEmpty() ? nullptr : windows.windows().first());
        dialog.load(settings, url, why);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        dialog.save(settings);
        if (!session.isStarted()) {
            startClient(dialog.url(), dialog.token());
        } else if (dialog.url() != session.baseUrl()) {
            session.queries()->removeQueries();
            session.start(dialog.url(), dialog.token());
        } else {
            session.setToken(dialog.token());
        }
        return true;
    };
    QObject::connect(&windows, &Ops::WindowManager::signInRequested, &app,
        [&] { askSignIn(session.baseUrl(), {}); });
    // A rejected token: ask again (once per rejection, not in a loop).
    QObject::connect(&session, &Ops::Session::unauthorized, &app, [&] {
        if (parser.isSet(demoOption) || !session.isStarted())
            return;
        QTimer::singleShot(0, &app, [&] {
            askSignIn(session.baseUrl(),
                QApplication::translate(
                    "main", "The server did not accept the token. Sign in again."));
        });
    });

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
                if (match.hasMatch() && !session.isStarted())
                    startClient(QUrl(match.captured(1)), u"demo-manager"_s);
            }
            std::fflush(stdout);
        });
        QObject::connect(&server, &QProcess::finished, &app, [&](int code) {
            qCWarning(lcUi) << "embedded server exited with code" << code;
            if (!session.isStarted())
                QApplication::exit(1);
        });
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&server] {
            server.terminate();
            if (!server.waitForFinished(3000))
                server.kill();
        });
        server.start();
    } else {
        QSettings settings;
        QString token = parser.isSet(tokenOption) ? parser.value(tokenOption)
                                                  : qEnvironmentVariable("OPSBOARD_TOKEN");
        QUrl base(parser.value(serverOption));
        if (!parser.isSet(serverOption)) {
            if (const QUrl remembered = Ops::SignInDialog::rememberedUrl(settings);
                remembered.isValid() && !remembered.isEmpty())
                base = remembered;
        }
        if (token.isEmpty())
            token = Ops::SignInDialog::rememberedToken(settings);
        if (!base.isValid() || (base.scheme() != "http"_L1 && base.scheme() != "https"_L1)) {
            std::fprintf(stderr, "opsboard: --server must be an http:// or https:// URL\n");
            return 2;
        }
        if (token.isEmpty()) {
            if (!askSignIn(base, {}))
                return 0;
        } else {
            startClient(base, token);
        }
    }
    return QApplication::exec();
}
