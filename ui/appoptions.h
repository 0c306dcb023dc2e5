#pragma once

#include <chrono>
#include <optional>

#include <QString>
#include <QStringList>
#include <QUrl>

namespace Ops {

struct AppCommandLine;

//! \brief What `opsboard` was asked to do on its command line, as plain values.
//!
//! Parsed before any QApplication exists (parse() needs no display and no application object),
//! so `opsboard --help` and `--version` work on a machine without a screen, and a bad option is
//! reported before a window could open.
struct AppOptions
{
    //! Server base URL; http://127.0.0.1:8080 unless --server (or a remembered one) says otherwise.
    QUrl server { QStringLiteral("http://127.0.0.1:8080") };
    bool serverGiven = false; //!< --server was on the command line
    //! --token, or $OPSBOARD_TOKEN; empty: remembered or asked for.
    QString token;
    bool demo = false;
    QString eventMapFile;
    QString caFile;
    QString screenshotFile;
    std::chrono::milliseconds screenshotDelay { 4000 };
    //! --check: exit 0 once live with orders, 1 after this long.
    std::optional<std::chrono::seconds> check;
    bool dark = false;
    bool inspect = false; //!< --inspect: the query inspector opens with the window
    QString language; //!< --lang; empty: the system locale
    QString stateLogFile; //!< --state-log
    //! How often the server is pinged; silence for two intervals means not live.
    std::chrono::milliseconds heartbeat { 2000 };
    //! --tiles: an XYZ raster tile URL template (`…/{z}/{x}/{y}.png`); empty: none.
    QString tiles;
    //! --tile-attribution: the tiles' credit, always shown on the map (default: the host's name,
    //! or an MBTiles file's own attribution).
    QString tileAttribution;
    //! --mbtiles: an offline MBTiles file; empty: none.
    QString mbtilesFile;
    //! --tile-cache: the disk cache for --tiles; empty: the user's cache directory.
    QString tileCacheDir;
    //! --tile-cache-size: its bound in MiB.
    qint64 tileCacheMib = 200;

    //! Parses \a arguments (the first is the program, as in argv). \a environmentToken is
    //! $OPSBOARD_TOKEN, used when there is no --token.
    [[nodiscard]] static AppCommandLine parse(
        const QStringList &arguments, const QString &environmentToken = {});
    //! The `--help` text, with \a program in the usage line.
    [[nodiscard]] static QString helpText(const QString &program = QStringLiteral("opsboard"));
    //! The `--version` line ("opsboard 0.1.0").
    [[nodiscard]] static QString versionText();

    friend bool operator==(const AppOptions &, const AppOptions &) = default;
};

//! \brief The outcome of parsing: run with the options, or print something and exit.
struct AppCommandLine
{
    enum class Outcome {
        Run,
        Help, //!< print text to stdout, exit 0
        Version, //!< print text to stdout, exit 0
        Error, //!< print text to stderr, exit 2
    };
    Outcome outcome = Outcome::Run;
    AppOptions options;
    QString text; //!< help or version text, or the error message

    [[nodiscard]] int exitCode() const { return outcome == Outcome::Error ? 2 : 0; }
    //! Writes text to stdout (help, version) or stderr (error); on Windows a GUI program first
    //! attaches to the console it was started from.
    void print() const;
};

} // namespace Ops
