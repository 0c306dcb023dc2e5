// Composition root of the desktop app. The command line is read before any QApplication exists
// (--help and --version need no display); then the one Session (ApiClient, QueryClient,
// ConnectionManager, LiveSync, OrderActions) and the windows over it are built and wired to the
// desktop: sign-in (keychain), notifications, the state log. With --demo it first starts
// opsboard-server as a child process with demo data and simulated activity, and signs in to it.

#include <cstdio>

#include <QApplication>
#include <QStatusBar>

#include "map/tilelayer.h"
#include "sync/session.h"
#include "ui/appoptions.h"
#include "ui/appsetup.h"
#include "ui/demoserver.h"
#include "ui/desktopnotifier.h"
#include "ui/mainwindow.h"
#include "ui/mappanel.h"
#include "ui/signinflow.h"
#include "ui/statelog.h"
#include "ui/tokenstore.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;

static int fail(const QString &message)
{
    std::fprintf(stderr, "opsboard: %s\n", qPrintable(message));
    return 2;
}

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const Ops::AppCommandLine command =
        Ops::AppOptions::parse(arguments, qEnvironmentVariable("OPSBOARD_TOKEN"));
    if (command.outcome != Ops::AppCommandLine::Outcome::Run) {
        command.print();
        return command.exitCode();
    }
    const Ops::AppOptions &options = command.options;

    QApplication app(argc, argv);
    Ops::setUpApplication(options);

    QString error;
    std::optional<Ops::EventMap> eventMap = Ops::eventMapFor(options, &error);
    if (!eventMap)
        return fail(error);
    Ops::Session session(std::move(*eventMap));
    if (!Ops::configureSession(&session, options, &error))
        return fail(error);

    Ops::WindowManager windows(&session);
    const auto front = [&windows]() -> QWidget * {
        const QList<Ops::MainWindow *> open = windows.windows();
        return open.isEmpty() ? nullptr : open.first();
    };
    // The street map (--tiles, --mbtiles), one for every window's map.
    const std::unique_ptr<Ops::TileLayer> tiles = Ops::makeTileLayer(options);
    QObject::connect(&windows, &Ops::WindowManager::windowOpened, &app,
        [&tiles](Ops::MainWindow *window) { window->mapPanel()->setTileLayer(tiles.get()); });
    Ops::DesktopNotifier notifier(session.queries());
    notifier.attach(&windows);
    // Sounds and quiet hours are the signed-in dispatcher's.
    QObject::connect(&session, &Ops::Session::signedIn, &notifier,
        [&notifier](const QString &user) { notifier.setUser(user); });

    Ops::StateLog stateLog(&session, &windows);
    if (!options.stateLogFile.isEmpty() && !stateLog.open(options.stateLogFile, &error))
        return fail(error);

    const auto started = [&] {
        session.connection()->monitorSystemNetwork();
        Ops::MainWindow *window = windows.openWindow();
        if (options.inspect)
            window->showQueryInspector();
        if (!options.screenshotFile.isEmpty())
            Ops::quitAfterScreenshot(window, options.screenshotFile, options.screenshotDelay);
        if (options.check)
            Ops::exitWhenLive(&session, *options.check);
    };
    Ops::TokenStore tokens;
    Ops::SignInFlow signIn(&session, &tokens);
    signIn.setDialogParent(front);
    QObject::connect(
        &windows, &Ops::WindowManager::signInRequested, &signIn, [&] { signIn.ask(); });
    QObject::connect(&signIn, &Ops::SignInFlow::started, &app, started);
    QObject::connect(&signIn, &Ops::SignInFlow::cancelled, &app, &QCoreApplication::quit);
    QObject::connect(&signIn, &Ops::SignInFlow::notice, &app, [&windows](const QString &text) {
        for (Ops::MainWindow *window : windows.windows())
            window->statusBar()->showMessage(text, 15000);
    });

    Ops::DemoServer demo;
    if (options.demo) {
        QObject::connect(&demo, &Ops::DemoServer::ready, &app, [&](const QUrl &url) {
            session.start(url, u"demo-manager"_s);
            started();
        });
        QObject::connect(&demo, &Ops::DemoServer::exited, &app, [&session] {
            if (!session.isStarted())
                QApplication::exit(1);
        });
        if (!demo.start())
            return fail(demo.errorString());
    } else {
        signIn.begin(options.server, options.serverGiven, options.token);
    }
    return QApplication::exec();
}
