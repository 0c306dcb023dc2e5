#include "appsetup.h"

#include <cstdio>

#include <QApplication>
#include <QIcon>
#include <QJsonArray>
#include <QPixmap>
#include <QPointer>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTimer>
#include <QWidget>

#include "appoptions.h"
#include "core/logging.h"
#include "darkpalette.h"
#include "keys/querykeys.h"
#include "map/mbtilessource.h"
#include "map/tilelayer.h"
#include "map/xyztilesource.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "sync/session.h"
#include "translations.h"

using namespace Qt::StringLiterals;

namespace Ops {

void setUpApplication(const AppOptions &options)
{
    QApplication::setApplicationName(u"opsboard"_s);
    QApplication::setApplicationDisplayName(u"Opsboard"_s);
    QApplication::setOrganizationName(u"Opsboard"_s);
    QApplication::setApplicationVersion(QStringLiteral(OPS_VERSION));
    QGuiApplication::setDesktopFileName(u"io.opsboard.Opsboard"_s);
    QApplication::setWindowIcon(
        QIcon::fromTheme(u"io.opsboard.Opsboard"_s, QIcon(u":/icons/io.opsboard.Opsboard.svg"_s)));
    if (!options.language.isEmpty())
        QLocale::setDefault(QLocale(options.language));
    installTranslators(qApp);
    if (options.dark) {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(darkPalette());
    }
}

void quitAfterScreenshot(QWidget *window, const QString &file, std::chrono::milliseconds delay)
{
    QPointer<QWidget> shot(window);
    QTimer::singleShot(delay, qApp, [shot, file] {
        if (shot && !shot->grab().save(file))
            qCWarning(lcUi) << "could not save screenshot to" << file;
        QApplication::quit();
    });
}

void exitWhenLive(Session *session, std::chrono::seconds timeout)
{
    const auto passed = [session] {
        const qsizetype orders =
            session->queries()->state(QueryKeys::orders()).data.toArray().size();
        if (!session->isLive() || orders == 0)
            return;
        std::fprintf(stdout, "opsboard: live, %lld orders\n", static_cast<long long>(orders));
        std::fflush(stdout);
        QApplication::exit(0);
    };
    QObject::connect(session, &Session::freshnessChanged, qApp, passed);
    QObject::connect(session->queries(), &QueryClient::queryUpdated, qApp, passed);
    QTimer::singleShot(timeout, qApp, [] {
        std::fprintf(stderr, "opsboard: --check timed out (not live with orders)\n");
        QApplication::exit(1);
    });
}

std::optional<EventMap> eventMapFor(const AppOptions &options, QString *error)
{
    if (options.eventMapFile.isEmpty())
        return EventMap::builtIn();
    return EventMap::load(options.eventMapFile, error);
}

bool configureSession(Session *session, const AppOptions &options, QString *error)
{
    session->connection()->setHeartbeatInterval(options.heartbeat);
    if (options.caFile.isEmpty())
        return true;
    const auto authorities = QSslCertificate::fromPath(options.caFile, QSsl::Pem);
    if (authorities.isEmpty()) {
        *error = u"no PEM certificate in %1"_s.arg(options.caFile);
        return false;
    }
    session->setCaCertificates(authorities);
    return true;
}

std::unique_ptr<TileLayer> makeTileLayer(const AppOptions &options)
{
    std::unique_ptr<TileSource> source;
    if (!options.mbtilesFile.isEmpty()) {
        source = std::make_unique<MbTilesSource>(options.mbtilesFile, options.tileAttribution);
    } else if (!options.tiles.isEmpty()) {
        XyzTileSettings settings;
        settings.urlTemplate = options.tiles;
        settings.attribution = options.tileAttribution;
        settings.cacheDirectory = !options.tileCacheDir.isEmpty()
            ? options.tileCacheDir
            : QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + u"/tiles"_s;
        settings.cacheBytes = options.tileCacheMib * 1024 * 1024;
        source = std::make_unique<XyzTileSource>(settings);
    }
    return std::make_unique<TileLayer>(std::move(source));
}

} // namespace Ops
