#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

bool installTranslators(QCoreApplication *app, const QLocale &locale)
{
    auto *own = new QTranslator(app);
    if (!own->load(locale, u"opsboard"_s, u"_"_s, u":/i18n"_s)) {
        delete own;
        qCDebug(lcUi) << "no translation for" << locale.name() << "- showing the source texts";
        return false;
    }
    QCoreApplication::installTranslator(own);
    qCDebug(lcUi) << "translation" << own->filePath() << "for" << locale.name();

    // Qt's own strings (standard buttons, key names) in the same language, when installed.
    if (const QString qt = installQtTranslator(app, locale); !qt.isEmpty())
        qCDebug(lcUi) << "Qt translation" << qt;
    return true;
}

QString installQtTranslator(QCoreApplication *app, const QLocale &locale, QStringList dirs)
{
    // "qt_<lang>" is what Windows deployment (windeployqt) and qt_deploy_translations() produce:
    // one catalog merged from the modules' catalogs. A Qt installation (Debian's
    // qt6-translations-l10n, the Qt installer) ships it as a catalog that loads qtbase_<lang>
    // and the others from beside it. qtbase_<lang> alone is the last resort.
    if (dirs.isEmpty()) {
        // Qt's own directory; windeployqt's translations/ beside the .exe; a macOS bundle's
        // Resources (where the installer puts the merged catalogs).
        dirs = { QLibraryInfo::path(QLibraryInfo::TranslationsPath),
            QCoreApplication::applicationDirPath() + u"/translations"_s,
            QCoreApplication::applicationDirPath() + u"/../Resources/translations"_s };
    }
    auto *qt = new QTranslator(app);
    for (const QString &name : { u"qt"_s, u"qtbase"_s }) {
        for (const QString &dir : dirs) {
            if (qt->load(locale, name, u"_"_s, dir) && !qt->isEmpty()) {
                QCoreApplication::installTranslator(qt);
                return qt->filePath();
            }
        }
    }
    delete qt;
    return {};
}

} // namespace Ops
