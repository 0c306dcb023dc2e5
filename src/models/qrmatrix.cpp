#include "qrmatrix.h"

#include <cstring>

#include <QPainter>

#ifdef OPS_HAVE_QRENCODE
#include <qrencode.h>
#endif

namespace Ops {

bool QrMatrix::isAvailable()
{
#ifdef OPS_HAVE_QRENCODE
    return true;
#else
    return false;
#endif
}

QrMatrix QrMatrix::encode(const QByteArray &data, ErrorCorrection level)
{
    QrMatrix matrix;
#ifdef OPS_HAVE_QRENCODE
    if (data.isEmpty())
        return matrix;
    QRecLevel qrLevel = QR_ECLEVEL_M;
    switch (level) {
    case ErrorCorrection::Low:
        qrLevel = QR_ECLEVEL_L;
        break;
    case ErrorCorrection::Medium:
        qrLevel = QR_ECLEVEL_M;
        break;
    case ErrorCorrection::Quartile:
        qrLevel = QR_ECLEVEL_Q;
        break;
    case ErrorCorrection::High:
        qrLevel = QR_ECLEVEL_H;
        break;
    }
    // Version 0: the smallest that holds the data. 8-bit mode takes any bytes as they are.
    QRcode *code = QRcode_encodeData(
        int(data.size()), reinterpret_cast<const unsigned char *>(data.constData()), 0, qrLevel);
    if (!code)
        return matrix; // too long for version 40 (errno ERANGE), or out of memory
    const int width = code->width;
    matrix.m_size = width;
    matrix.m_dark.resize(qsizetype(width) * width);
    for (qsizetype i = 0; i < matrix.m_dark.size(); ++i)
        matrix.m_dark[i] = (code->data[i] & 1) != 0; // bit 0: dark; the others say what it is
    // The modules spell out what was encoded: do not leave them in freed memory.
    std::memset(code->data, 0, size_t(width) * size_t(width));
    QRcode_free(code);
#else
    Q_UNUSED(data)
    Q_UNUSED(level)
#endif
    return matrix;
}

bool QrMatrix::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false;
    return m_dark.at(qsizetype(y) * m_size + x);
}

QImage QrMatrix::toImage(int moduleSize) const
{
    if (isNull() || moduleSize < 1)
        return {};
    const int side = sizeWithQuietZone() * moduleSize;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (isDark(x, y))
                painter.fillRect((QuietZone + x) * moduleSize, (QuietZone + y) * moduleSize,
                    moduleSize, moduleSize, Qt::black);
        }
    }
    return image;
}

void QrMatrix::clear()
{
    m_dark.fill(false);
    m_dark.clear();
    m_size = 0;
}

} // namespace Ops
