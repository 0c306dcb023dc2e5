#pragma once

#include <QSslConfiguration>
#include <QString>

#include "core/error.h"

namespace Ops {

//! \brief Loads the server's TLS identity from PEM files into a QSslConfiguration.
class TlsFiles
{
public:
    //! Reads the certificate (\a certPath; further certificates in it are the chain), the
    //! private key (\a keyPath: RSA, EC or Ed25519, unencrypted) and, optionally, more chain
    //! certificates (\a chainPath). Unreadable or unparsable files, an expired certificate and
    //! a key that does not belong to the certificate (checked with a loopback handshake) are
    //! errors with a clear message.
    [[nodiscard]] static Error load(const QString &certPath, const QString &keyPath,
        const QString &chainPath, QSslConfiguration *out);
};

} // namespace Ops
