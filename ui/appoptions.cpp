#include "appoptions.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QHash>

#include "map/xyztilesource.h"

#ifdef Q_OS_WIN
#include <windows.h>
#endif

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Ops {
namespace {

//! The options of the app, in the order --help lists them.
struct Options
{
    QCommandLineOption help {
#ifdef Q_OS_WIN
        { u"?"_s, u"h"_s, u"help"_s },
#else
        { u"h"_s, u"help"_s },
#endif
        u"Show this help and exit."_s
    };
    QCommandLineOption version { { u"v"_s, u"version"_s }, u"Show the version and exit."_s };
    QCommandLineOption server { u"server"_s,
        u"Server base URL (default http://127.0.0.1:8080, or the one signed in to last)."_s,
        u"url"_s };
    QCommandLineOption token { u"token"_s,
        u"Sign-in token (default: $OPSBOARD_TOKEN, else the one kept in the system keychain). "
        u"Prefer the environment: command lines are visible to other users."_s,
        u"token"_s };
    QCommandLineOption demo { u"demo"_s,
        u"Start an embedded opsboard-server with demo data and activity, and sign in to it."_s };
    QCommandLineOption ca { u"ca"_s,
        u"Trust the CA certificates in this PEM file for https:// and wss:// (e.g. a company "
        u"CA)."_s,
        u"file"_s };
    QCommandLineOption eventMap { u"event-map"_s,
        u"Use this event map instead of the built-in one."_s, u"file"_s };
    QCommandLineOption lang { u"lang"_s,
        u"User interface language, e.g. de or en (default: the system locale, $LANG)."_s,
        u"language"_s };
    QCommandLineOption dark { u"dark"_s,
        u"Use a dark palette (Fusion style), whatever the desktop's theme."_s };
    QCommandLineOption inspect { u"inspect"_s,
        u"Open the query inspector (View → Developer) with the window."_s };
    QCommandLineOption heartbeat { u"heartbeat"_s,
        u"Ping the server every <ms> milliseconds; a server silent for two intervals is shown "
        u"as not live (default 2000, 100 to 60000)."_s,
        u"ms"_s, u"2000"_s };
    QCommandLineOption stateLog { u"state-log"_s,
        u"Append one JSON line to <file> whenever what the screen tells changes: badge, "
        u"\"as of\" time and rows of each panel, pending changes."_s,
        u"file"_s };
    QCommandLineOption check { u"check"_s,
        u"Exit 0 as soon as the view is live and orders are loaded; exit 1 after <s> seconds "
        u"without that (an installation check)."_s,
        u"s"_s };
    QCommandLineOption screenshot { u"screenshot"_s,
        u"Save a screenshot of the main window to <file> after --screenshot-delay ms, then "
        u"quit."_s,
        u"file"_s };
    QCommandLineOption screenshotDelay { u"screenshot-delay"_s,
        u"Delay before --screenshot, in ms (default 4000)."_s, u"ms"_s, u"4000"_s };
    QCommandLineOption tiles { u"tiles"_s,
        u"Draw the map over raster tiles from this XYZ URL template, e.g. "
        u"https://tile.example.org/{z}/{x}/{y}.png (mind the tile server's usage policy)."_s,
        u"url-template"_s };
    QCommandLineOption tileAttribution { u"tile-attribution"_s,
        u"The credit the tiles' licence asks for, always shown on the map, e.g. "
        u"\"© OpenStreetMap contributors\"."_s,
        u"text"_s };
    QCommandLineOption mbtiles { u"mbtiles"_s,
        u"Draw the map over the raster tiles of this offline MBTiles file (no internet "
        u"needed)."_s,
        u"file"_s };
    QCommandLineOption tileCache { u"tile-cache"_s,
        u"Keep downloaded tiles in this directory (default: the user's cache directory)."_s,
        u"dir"_s };
    QCommandLineOption tileCacheSize { u"tile-cache-size"_s,
        u"Bound of the tile cache on disk, in MiB (default 200, 1 to 100000)."_s, u"mib"_s,
        u"200"_s };

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(u"Opsboard: live operations dashboard for dispatchers."_s);
        parser.addOptions({ help, version, server, token, demo, ca, eventMap, lang, dark, inspect,
            heartbeat, stateLog, check, screenshot, screenshotDelay, tiles, tileAttribution,
            mbtiles, tileCache, tileCacheSize });
    }
};

std::optional<qint64> integer(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

//! Qt's own options (QGuiApplication and QApplication read them from argv later), with whether
//! they take a value: `-platform offscreen`, `-style=fusion`, `--reverse` …
const QHash<QString, bool> &qtOptions()
{
    static const QHash<QString, bool> options {
        { u"platform"_s, true },
        { u"platformpluginpath"_s, true },
        { u"platformtheme"_s, true },
        { u"plugin"_s, true },
        { u"qwindowgeometry"_s, true },
        { u"qwindowtitle"_s, true },
        { u"qwindowicon"_s, true },
        { u"display"_s, true },
        { u"geometry"_s, true },
        { u"style"_s, true },
        { u"stylesheet"_s, true },
        { u"session"_s, true },
        { u"title"_s, true },
        { u"name"_s, true },
        { u"reverse"_s, false },
        { u"widgetcount"_s, false },
        { u"nograb"_s, false },
        { u"dograb"_s, false },
        { u"sync"_s, false },
        { u"qmljsdebugger"_s, false },
    };
    return options;
}

//! \a arguments without Qt's own options, which are not the app's to judge.
QStringList withoutQtOptions(const QStringList &arguments)
{
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (i == 0 || !arg.startsWith(u'-') || arg == "--"_L1) {
            kept.append(arg);
            continue;
        }
        QString name = arg.mid(arg.startsWith("--"_L1) ? 2 : 1);
        const bool inlineValue = name.contains(u'=');
        name = name.section(u'=', 0, 0);
        const auto known = qtOptions().constFind(name);
        if (known == qtOptions().cend()) {
            kept.append(arg);
            continue;
        }
        if (*known && !inlineValue)
            ++i; // its value
    }
    return kept;
}

AppCommandLine error(const QString &message)
{
    AppCommandLine result;
    result.outcome = AppCommandLine::Outcome::Error;
    result.text = u"opsboard: %1\nTry 'opsboard --help'.\n"_s.arg(message);
    return result;
}

} // namespace

QString AppOptions::helpText(const QString &program)
{
    QCommandLineParser parser;
    Options().addTo(parser);
    // Without an application object Qt cannot know the program's name.
    QString text = parser.helpText();
    text.replace(u"<executable_name>"_s, program);
    return text;
}

QString AppOptions::versionText()
{
    return u"opsboard %1\n"_s.arg(QLatin1StringView(OPS_VERSION));
}

AppCommandLine AppOptions::parse(const QStringList &arguments, const QString &environmentToken)
{
    QCommandLineParser parser;
    const Options o;
    o.addTo(parser);
    if (!parser.parse(withoutQtOptions(arguments)))
        return error(parser.errorText());
    AppCommandLine result;
    if (parser.isSet(o.help)) {
        result.outcome = AppCommandLine::Outcome::Help;
        result.text =
            helpText(arguments.isEmpty() ? u"opsboard"_s : QFileInfo(arguments.first()).fileName());
        return result;
    }
    if (parser.isSet(o.version)) {
        result.outcome = AppCommandLine::Outcome::Version;
        result.text = versionText();
        return result;
    }
    if (const QStringList extra = parser.positionalArguments(); !extra.isEmpty())
        return error(u"unexpected argument '%1'"_s.arg(extra.first()));

    AppOptions &opt = result.options;
    if (parser.isSet(o.server)) {
        opt.server = QUrl(parser.value(o.server), QUrl::StrictMode);
        opt.serverGiven = true;
        if (!opt.server.isValid() || opt.server.host().isEmpty()
            || (opt.server.scheme() != "http"_L1 && opt.server.scheme() != "https"_L1))
            return error(u"--server must be an http:// or https:// URL"_s);
    }
    opt.token = parser.isSet(o.token) ? parser.value(o.token) : environmentToken;
    opt.demo = parser.isSet(o.demo);
    opt.caFile = parser.value(o.ca);
    opt.eventMapFile = parser.value(o.eventMap);
    opt.dark = parser.isSet(o.dark);
    opt.inspect = parser.isSet(o.inspect);
    opt.stateLogFile = parser.value(o.stateLog);
    opt.screenshotFile = parser.value(o.screenshot);
    if (parser.isSet(o.lang)) {
        opt.language = parser.value(o.lang).trimmed();
        if (opt.language.isEmpty())
            return error(u"--lang needs a language, e.g. de or en"_s);
    }
    const auto heartbeat = integer(parser.value(o.heartbeat), 100, 60000);
    if (!heartbeat)
        return error(u"--heartbeat must be 100 to 60000 ms"_s);
    opt.heartbeat = std::chrono::milliseconds(*heartbeat);
    const auto delay = integer(parser.value(o.screenshotDelay), 0, 3600000);
    if (!delay)
        return error(u"--screenshot-delay must be 0 to 3600000 ms"_s);
    opt.screenshotDelay = std::chrono::milliseconds(*delay);
    opt.tiles = parser.value(o.tiles);
    opt.tileAttribution = parser.value(o.tileAttribution);
    opt.mbtilesFile = parser.value(o.mbtiles);
    opt.tileCacheDir = parser.value(o.tileCache);
    if (!opt.tiles.isEmpty() && !opt.mbtilesFile.isEmpty())
        return error(u"--tiles and --mbtiles are alternatives: give one of them"_s);
    if (const QString why = XyzTileSource::checkTemplate(opt.tiles);
        parser.isSet(o.tiles) && !why.isEmpty())
        return error(u"--tiles %1"_s.arg(why));
    if (parser.isSet(o.mbtiles) && !QFileInfo(opt.mbtilesFile).isFile())
        return error(u"--mbtiles: no such file: %1"_s.arg(opt.mbtilesFile));
    const auto cacheSize = integer(parser.value(o.tileCacheSize), 1, 100000);
    if (!cacheSize)
        return error(u"--tile-cache-size must be 1 to 100000 MiB"_s);
    opt.tileCacheMib = *cacheSize;
    if (parser.isSet(o.check)) {
        const auto seconds = integer(parser.value(o.check), 1, 86400);
        if (!seconds)
            return error(u"--check must be 1 to 86400 seconds"_s);
        opt.check = std::chrono::seconds(*seconds);
    }
    return result;
}

void AppCommandLine::print() const
{
    FILE *stream = outcome == Outcome::Error ? stderr : stdout;
#ifdef Q_OS_WIN
    // A GUI program (WIN32 subsystem) has no console: write to the one it was started from.
    if (AttachConsole(ATTACH_PARENT_PROCESS)) {
        FILE *reopened = nullptr;
        freopen_s(&reopened, "CONOUT$", "w", stream);
    }
#endif
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace Ops
