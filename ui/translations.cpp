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
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace Ops
