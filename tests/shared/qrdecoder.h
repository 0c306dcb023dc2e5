#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

namespace Ops {

//! \brief Reads QR codes back from images the way a scanner would, with ZBar's zbarimg (Debian:
//! zbar-tools) on a PNG in a temporary directory that is removed afterwards.
class QrDecoder final
{
public:
    //! Why nothing can be decoded here (no zbarimg in PATH); empty when it can.
    [[nodiscard]] static QString unavailableReason();
    //! True when env OPS_REQUIRE_QR_DECODER=1: a missing zbarimg fails instead of skipping.
    [[nodiscard]] static bool required();

    //! The texts of the QR codes zbarimg finds in \a image (none: empty). \a error, when given,
    //! says what went wrong (zbarimg failed, the PNG could not be written).
    [[nodiscard]] static QStringList decode(const QImage &image, QString *error = nullptr);
};

} // namespace Ops

//! In a test function: skips with the reason when zbarimg is missing, fails instead when
//! OPS_REQUIRE_QR_DECODER=1.
#define OPS_REQUIRE_QR_DECODER()                                                                   \
    do {                                                                                           \
        const QString opsQrWhy = Ops::QrDecoder::unavailableReason();                              \
        if (!opsQrWhy.isEmpty()) {                                                                 \
            if (Ops::QrDecoder::required())                                                        \
                QFAIL(qPrintable(u"OPS_REQUIRE_QR_DECODER=1 but "_s + opsQrWhy));                  \
            QSKIP(qPrintable(opsQrWhy + u" (set OPS_REQUIRE_QR_DECODER=1 to fail instead)"_s));    \
        }                                                                                          \
    } while (false)
