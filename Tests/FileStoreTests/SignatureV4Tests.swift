// SigV4 against the worked examples in AWS's S3 documentation ("Examples of signature calculations"):
// the same credentials, date and request must give the published signatures.
import Foundation
import Testing
@testable import FileStore

@Suite struct SignatureV4Tests {
    let signer = SignatureV4(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    @Test func signsAGetObjectRequestAsAWSDoes() {
        // Given AWS's GET Object example (a Range header, an empty payload)
        let headers = signer.signedHeaders(method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
                                           payloadHash: SignatureV4.emptyPayloadHash, date: date)
        // Then the Authorization header is the published one
        #expect(headers.first { $0.0 == "Authorization" }?.1 == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers.first { $0.0 == "x-amz-date" }?.1 == "20130524T000000Z")
    }

    @Test func signsAPutObjectRequestAsAWSDoes() {
        // Given AWS's PUT Object example: a key with `$` in it, a Date header, a storage class and a body
        let payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"  // sha256("Welcome to Amazon S3.")
        let headers = signer.signedHeaders(method: "PUT", path: "/" + SignatureV4.uriEncode("test$file.text", keepSlash: true),
                                           headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                                                     ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
                                           payloadHash: payload, date: date)
        #expect(headers.first { $0.0 == "Authorization" }?.1.hasSuffix("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd") == true)
    }

    @Test func presignsAGetAsAWSDoes() {
        // Given AWS's presigned URL example (valid 86,400 s)
        let query = signer.presignedQuery(path: "/test.txt", host: "examplebucket.s3.amazonaws.com", date: date, expires: 86_400)
        // Then the query string is the published one, signature included
        #expect(query == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func encodesKeysAsS3Wants() {
        #expect(SignatureV4.uriEncode("images/ab/x y+z~.jpg", keepSlash: true) == "images/ab/x%20y%2Bz~.jpg")
        #expect(SignatureV4.uriEncode("a/b") == "a%2Fb")
        #expect(SignatureV4.uriEncode("é") == "%C3%A9")
    }

    @Test func readsTheObjectStoreURL() throws {
        let location = try S3Location("http://KEY:se%2Fcret@10.0.0.2:8333/loupe?region=eu-west-1")
        #expect(location.endpoint == "http://10.0.0.2:8333" && location.host == "10.0.0.2:8333" && location.bucket == "loupe")
        #expect(location.accessKey == "KEY" && location.secretKey == "se/cret" && location.region == "eu-west-1")
        #expect(try S3Location("http://K:S@store/b-1").region == "us-east-1")
        for bad in ["ftp://K:S@h/b", "http://h/bucket", "http://K:S@h/", "http://K:S@h/a/b", "http://K:S@h/UPPER", "not a url"] {
            #expect(throws: FileStoreError.self, "\(bad)") { try S3Location(bad) }
        }
    }
}
