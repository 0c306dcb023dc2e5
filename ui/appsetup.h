#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <QString>

#include "sync/eventmap.h"

class QWidget;

namespace Ops {

struct AppOptions;
class Session;
class TileLayer;

//! Names, version, icon, language (--lang, else the system's), translations and palette (--dark)
//! of the running QApplication.
void setUpApplication(const AppOptions &options);

//! The event map: --event-map's file, else the built-in one; nullopt (and why in \a error)
//! when the file cannot be read.
[[nodiscard]] std::optional<EventMap> eventMapFor(const AppOptions &options, QString *error);

//! The connection settings of \a session from \a options: --heartbeat, and --ca's
//! certificates (false, and why in \a error, when the file holds none).
[[nodiscard]] bool configureSession(Session *session, const AppOptions &options, QString *error);

//! The map's street tiles: from --tiles (disk cache in --tile-cache, bounded by
//! --tile-cache-size) or --mbtiles; without either a layer with no source (the schematic map,
//! saying so). One for the app: every window's map shares it.
[[nodiscard]] std::unique_ptr<TileLayer> makeTileLayer(const AppOptions &options);

//! `opsboard --screenshot`: saves \a window to \a file after \a delay, then quits.
void quitAfterScreenshot(QWidget *window, const QString &file, std::chrono::milliseconds delay);

//! `opsboard --check`: exits 0 as soon as \a session is live with orders loaded, 1 after
//! \a timeout without that (an installation check that needs no screen).
void exitWhenLive(Session *session, std::chrono::seconds timeout);

} // namespace Ops
