#pragma once

#include <chrono>

#include <QString>

class QWidget;

namespace Ops {

struct AppOptions;
class Session;

//! Names, version, icon, language (--lang, else the system's), translations and palette (--dark)
//! of the running QApplication.
void setUpApplication(const AppOptions &options);

//! `opsboard --screenshot`: saves \a window to \a file after \a delay, then quits.
void quitAfterScreenshot(QWidget *window, const QString &file, std::chrono::milliseconds delay);

//! `opsboard --check`: exits 0 as soon as \a session is live with orders loaded, 1 after
//! \a timeout without that (an installation check that needs no screen).
void exitWhenLive(Session *session, std::chrono::seconds timeout);

} // namespace Ops
