#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace Ops {

//! Installs the translators for \a locale on \a app: Opsboard's own (embedded as
//! :/i18n/opsboard_<lang>.qm) and Qt's (installQtTranslator()). The translators are children of
//! \a app. Returns whether Opsboard's own translation was found; without one the source texts
//! (English) are shown.
bool installTranslators(QCoreApplication *app, const QLocale &locale = QLocale());

//! Installs Qt's own translation for \a locale (standard buttons, key names) under the name a
//! deployment has: qt_<lang> (merged by windeployqt, or Qt's catalog of the module catalogs),
//! else qtbase_<lang>; from Qt's translations directory, `translations/` beside the executable
//! or a macOS bundle's Resources/translations (or \a dirs). Returns the file loaded (empty:
//! none, English stays).
QString installQtTranslator(
    QCoreApplication *app, const QLocale &locale = QLocale(), QStringList dirs = {});

} // namespace Ops
