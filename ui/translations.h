#pragma once

#include <QLocale>

class QCoreApplication;

namespace Ops {

//! Installs the translators for \a locale on \a app: Opsboard's own (embedded as
//! :/i18n/opsboard_<lang>.qm) and Qt's qtbase_<lang> from the Qt installation when present (the
//! standard dialogs and key names). The translators are children of \a app. Returns whether
//! Opsboard's own translation was found; without one the source texts (English) are shown.
bool installTranslators(QCoreApplication *app, const QLocale &locale = QLocale());

} // namespace Ops
