// Package winshare waits out Windows' file sharing rules. Windows refuses
// to replace a file that another process holds open without
// FILE_SHARE_DELETE, which is how Go, Python (the AWS CLI) and most
// programs open a file to read it; and a reader that opens a file while a
// replace holds it meets a sharing violation. Either lasts the moment the
// other side holds the file. Elsewhere a replace and a read never meet.
package winshare
