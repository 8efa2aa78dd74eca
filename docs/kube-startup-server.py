import json, http.server, sys
N=int(sys.argv[2]) if len(sys.argv)>2 else 100
def node(i):
    name="10-16-10-%d.maas"%(100+i)
    return {"apiVersion":"v1","kind":"Node","metadata":{"name":name,"uid":"u%d"%i,"resourceVersion":"1","creationTimestamp":"2025-11-03T07:16:07Z",
      "labels":{"kubernetes.io/hostname":name,"node-role.kubernetes.io/worker":"","topology.kubernetes.io/zone":"zone-a","node.kubernetes.io/instance-type":"gpu.8x"},
      "annotations":{"a%d"%k:"x"*60 for k in range(10)}},
      "spec":{"taints":[{"key":"nvidia.com/gpu","value":"present","effect":"NoSchedule"}]},
      "status":{"capacity":{"cpu":"64","memory":"263596916Ki","nvidia.com/gpu":"8","pods":"110"},"allocatable":{"cpu":"63500m","memory":"256Gi","nvidia.com/gpu":"8","pods":"110"},
      "conditions":[{"type":t,"status":"False" if t!="Ready" else "True","reason":"R","message":"m","lastHeartbeatTime":"2026-11-21T10:00:00Z","lastTransitionTime":"2026-11-01T00:00:00Z"} for t in ["MemoryPressure","DiskPressure","PIDPressure","Ready"]],
      "addresses":[{"type":"InternalIP","address":"10.16.10.%d"%(100+i)},{"type":"Hostname","address":name}],
      "nodeInfo":{"kubeletVersion":"v1.31.4","osImage":"Ubuntu 22.04.4 LTS","kernelVersion":"5.15.0-105-generic","containerRuntimeVersion":"containerd://1.7.13","architecture":"amd64","operatingSystem":"linux"},
      "images":[{"names":["registry.example/img-%d@sha256:%s"%(k,"a"*64),"registry.example/img-%d:v1"%k],"sizeBytes":123456789} for k in range(40)]}}
NODES=json.dumps({"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[node(i) for i in range(N)]}).encode()
R={"/version":json.dumps({"major":"1","minor":"31","gitVersion":"v1.31.4"}).encode(),
   "/api":json.dumps({"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}).encode(),
   "/apis":json.dumps({"kind":"APIGroupList","apiVersion":"v1","groups":[]}).encode(),
   "/api/v1":json.dumps({"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"nodes","singularName":"node","namespaced":False,"kind":"Node","verbs":["get","list"],"shortNames":["no"]}]}).encode(),
   "/api/v1/nodes":NODES}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version="HTTP/1.1"
    def do_GET(self):
        p=self.path.split("?")[0]
        b=R.get(p)
        if b is None:
            b=b'{"kind":"Status","code":404}'; self.send_response(404)
        else: self.send_response(200)
        self.send_header("Content-Type","application/json"); self.send_header("Content-Length",str(len(b))); self.end_headers(); self.wfile.write(b)
    def log_message(self,*a): pass
http.server.ThreadingHTTPServer(("127.0.0.1",int(sys.argv[1])),H).serve_forever()
